// "View full ID number": a confirm dialog says the view is logged, then the number is fetched
// (never cached) and shown until hidden.
import { useState } from 'react';
import { Button, Space, Typography, App as AntApp } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Identity } from '../../api/types';
import { useErrorText } from '../../app/errors';

export function IdentityReveal({ personId, masked }: { personId: number; masked: string | null }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const errorText = useErrorText();
  const [full, setFull] = useState<string | null>(null);

  const ask = () =>
    modal.confirm({
      title: t('people.revealTitle'),
      content: t('people.revealText'),
      okText: t('people.revealOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await api<Identity>(`/people/${personId}/identity`);
          setFull(r.idNumber ?? '—');
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  if (full) {
    return (
      <Space wrap>
        <Typography.Text className="gz-mono" copyable>
          {full}
        </Typography.Text>
        <Typography.Text type="warning">{t('people.revealed')}</Typography.Text>
        <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => setFull(null)}>
          {t('people.hide')}
        </Button>
      </Space>
    );
  }
  return (
    <Space wrap>
      <span className="gz-mono">{masked ?? '—'}</span>
      {masked && (
        <Button size="small" icon={<EyeOutlined />} onClick={ask}>
          {t('people.revealId')}
        </Button>
      )}
    </Space>
  );
}
