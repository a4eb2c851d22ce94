// Shows a generated initial password once, with a copy button.
import { App as AntApp, Typography } from 'antd';
import type { TFunction } from 'i18next';
import './users.css';

export function showInitialPassword(modal: ReturnType<typeof AntApp.useApp>['modal'], t: TFunction, name: string, password: string): void {
  modal.success({
    title: t('users.initialPasswordTitle'),
    width: 460,
    okText: t('common.close'),
    content: (
      <div>
        <Typography.Paragraph>{t('users.initialPasswordText', { name })}</Typography.Paragraph>
        <Typography.Text code copyable={{ text: password }} className="gz-password">
          {password}
        </Typography.Text>
      </div>
    ),
  });
}
