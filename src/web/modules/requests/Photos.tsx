// Photos of a request: an uploader for forms (a form field holding the uploaded ids, up to 9)
// and a row of thumbnails that open a preview.
import { useState } from 'react';
import { Image, Upload, App as AntApp, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../app/errors';
import { photoUrl, uploadPhoto } from './api';

export const MAX_PHOTOS = 9;

/** A form control: uploads each chosen image at once and reports the ids of those uploaded. */
export function PhotoUpload({ id, onChange }: { id?: string; value?: number[]; onChange?: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const report = (list: UploadFile[]) => {
    setFiles(list);
    onChange?.(list.filter((f) => f.status === 'done' && typeof f.response?.id === 'number').map((f) => f.response.id as number));
  };

  return (
    <Upload
      id={id}
      accept="image/jpeg,image/png,image/webp"
      listType="picture-card"
      multiple
      fileList={files}
      maxCount={MAX_PHOTOS}
      beforeUpload={(_, list) => {
        if (files.length + list.length > MAX_PHOTOS) {
          message.warning(t('requests.photos.tooMany'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadPhoto(file as File)
          .then((res) => onSuccess?.(res))
          .catch((e: Error) => {
            message.error(`${t('requests.photos.uploadFailed')}：${errorText(e)}`);
            onError?.(e);
          });
      }}
      onChange={({ fileList }) =>
        report(fileList.filter((f) => f.status !== 'error').map((f) => (f.status === 'done' && f.response?.id ? { ...f, thumbUrl: photoUrl(f.response.id as number) } : f)))
      }
      onPreview={(f) => {
        if (f.response?.id) window.open(photoUrl(f.response.id as number), '_blank', 'noopener');
      }}
    >
      {files.length >= MAX_PHOTOS ? null : (
        <button type="button" className="gz-upload-button">
          <PlusOutlined />
          <div>{t('requests.photos.add')}</div>
        </button>
      )}
    </Upload>
  );
}

/** Thumbnails of stored photos; a click opens the preview with all of them. */
export function PhotoStrip({ ids, size = 88 }: { ids: number[]; size?: number }) {
  if (!ids.length) return null;
  return (
    <div className="gz-photos">
      <Image.PreviewGroup>
        {ids.map((id) => (
          <Image key={id} src={photoUrl(id)} width={size} height={size} alt="" className="gz-photo" />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}
