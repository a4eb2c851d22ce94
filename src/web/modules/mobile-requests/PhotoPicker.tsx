// Photos for a report or a reply: taken with the camera or picked from the album, each uploaded at
// once (large phone pictures are scaled down first, the server takes at most 5 MB), shown as
// thumbnails that can be removed.
import { useEffect, useRef, useState } from 'react';
import { App as AntApp, Spin } from 'antd';
import { CameraOutlined, CloseOutlined, ExclamationCircleOutlined, PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../app/errors';
import { uploadPhoto } from './api';

export const MAX_PHOTOS = 9;
const SERVER_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** Pictures up to this size go as they are; larger ones are re-encoded. */
const SEND_AS_IS = 1.5 * 1024 * 1024;
const MAX_SIDE = 2048;

// inline: the form's own styles show file inputs as blocks
const HIDDEN = { display: 'none' } as const;

export interface PhotoItem {
  key: string;
  url: string;
  status: 'uploading' | 'done' | 'error';
  id?: number;
}

/** A picture the server accepts: small ones unchanged, others drawn again as a JPEG. */
async function prepare(file: File): Promise<{ blob: Blob; name: string }> {
  if (SERVER_TYPES.includes(file.type) && file.size <= SEND_AS_IS) return { blob: file, name: file.name };
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) throw new Error('encode');
  return { blob, name: file.name.replace(/\.[^.]*$/, '') + '.jpg' };
}

export interface PhotoUploads {
  items: PhotoItem[];
  add(files: FileList | File[]): void;
  remove(key: string): void;
  clear(): void;
  /** the ids of the photos uploaded so far, in order */
  ids: number[];
  busy: boolean;
}

export function usePhotoUploads(max = MAX_PHOTOS): PhotoUploads {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const [items, setItems] = useState<PhotoItem[]>([]);
  const urls = useRef(new Set<string>());
  const seq = useRef(0);

  useEffect(() => {
    const all = urls.current;
    return () => all.forEach((u) => URL.revokeObjectURL(u));
  }, []);

  const update = (key: string, patch: Partial<PhotoItem>) => setItems((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  const add = (files: FileList | File[]) => {
    const list = Array.from(files);
    const room = max - items.length;
    if (list.length > room) message.warning(t('mreq.tooManyPhotos', { max }));
    for (const file of list.slice(0, Math.max(0, room))) {
      if (!file.type.startsWith('image/')) {
        message.error(t('mreq.notAnImage', { name: file.name }));
        continue;
      }
      const key = `p${++seq.current}`;
      const url = URL.createObjectURL(file);
      urls.current.add(url);
      setItems((prev) => [...prev, { key, url, status: 'uploading' }]);
      void (async () => {
        let prepared: { blob: Blob; name: string };
        try {
          prepared = await prepare(file);
        } catch {
          message.error(t('mreq.notAnImage', { name: file.name }));
          update(key, { status: 'error' });
          return;
        }
        try {
          const photo = await uploadPhoto(prepared.blob, prepared.name);
          update(key, { status: 'done', id: photo.id });
        } catch (e) {
          message.error(`${t('mreq.uploadFailed')}：${errorText(e)}`);
          update(key, { status: 'error' });
        }
      })();
    }
  };

  const forget = (url: string) => {
    URL.revokeObjectURL(url);
    urls.current.delete(url);
  };

  return {
    items,
    add,
    remove: (key) =>
      setItems((list) => {
        const gone = list.find((p) => p.key === key);
        if (gone) forget(gone.url);
        return list.filter((p) => p.key !== key);
      }),
    clear: () =>
      setItems((list) => {
        list.forEach((p) => forget(p.url));
        return [];
      }),
    ids: items.filter((p) => p.status === 'done' && p.id !== undefined).map((p) => p.id!),
    busy: items.some((p) => p.status === 'uploading'),
  };
}

/** The thumbnails and the two add buttons (camera, album). */
export function PhotoPicker({ uploads, max = MAX_PHOTOS }: { uploads: PhotoUploads; max?: number }) {
  const { t } = useTranslation();
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const onPick = (e: React.ChangeEvent<HTMLInputElement>) => {
    if (e.target.files?.length) uploads.add(e.target.files);
    e.target.value = ''; // the same picture may be chosen again after removing it
  };
  const full = uploads.items.length >= max;

  return (
    <div className="gz-mr-photos">
      {uploads.items.map((p) => (
        <div key={p.key} className={`gz-mr-thumb ${p.status}`} data-photo-id={p.id}>
          <img src={p.url} alt="" />
          {p.status === 'uploading' && (
            <span className="gz-mr-thumb-state" aria-label={t('mreq.uploading')}>
              <Spin size="small" />
            </span>
          )}
          {p.status === 'error' && (
            <span className="gz-mr-thumb-state error" title={t('mreq.uploadFailed')}>
              <ExclamationCircleOutlined />
            </span>
          )}
          <button type="button" className="gz-mr-thumb-remove" aria-label={t('mreq.removePhoto')} onClick={() => uploads.remove(p.key)}>
            <CloseOutlined />
          </button>
        </div>
      ))}
      {!full && (
        <>
          <button type="button" className="gz-mr-add" onClick={() => camera.current?.click()}>
            <CameraOutlined />
            <span>{t('mreq.takePhoto')}</span>
          </button>
          <button type="button" className="gz-mr-add" onClick={() => album.current?.click()}>
            <PictureOutlined />
            <span>{t('mreq.fromAlbum')}</span>
          </button>
        </>
      )}
      <input ref={camera} type="file" accept="image/*" capture="environment" style={HIDDEN} onChange={onPick} data-testid="photo-camera" />
      <input ref={album} type="file" accept="image/*" multiple style={HIDDEN} onChange={onPick} data-testid="photo-album" />
    </div>
  );
}
