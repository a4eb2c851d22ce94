// The header's user menu: change password, export my data, log out.
import { useState } from 'react';
import { Avatar, Button, Dropdown, Modal, App as AntApp } from 'antd';
import { DownloadOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogout, useSession } from '../session';
import { ChangePasswordForm } from '../../modules/auth/ChangePasswordForm';
import { exportMyData } from '../selfService';
import { useErrorText } from '../errors';
import { pickLabel } from '../../i18n';

export function UserMenu() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const logout = useLogout();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const [pwOpen, setPwOpen] = useState(false);
  const roles = [...new Set(me.grants.map((g) => pickLabel(g.roleLabel, i18n.language === 'en' ? 'en' : 'zh-CN')))].join(' · ');

  const onExport = () =>
    modal.confirm({
      title: t('shell.exportMyData'),
      content: t('shell.exportHint'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await exportMyData();
          message.success(t('shell.exportStarted'));
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'who', label: <div className="gz-user-who">{me.user.username}<br /><small>{roles}</small></div>, disabled: true },
            { type: 'divider' },
            { key: 'pw', icon: <KeyOutlined />, label: t('shell.changePassword'), onClick: () => setPwOpen(true) },
            { key: 'export', icon: <DownloadOutlined />, label: t('shell.exportMyData'), onClick: onExport },
            { type: 'divider' },
            { key: 'logout', icon: <LogoutOutlined />, danger: true, label: t('shell.logout'), onClick: () => void logout() },
          ],
        }}
      >
        <Button type="text" className="gz-user-button">
          <Avatar size="small" icon={<UserOutlined />} />
          <span className="gz-user-name">{me.user.displayName}</span>
        </Button>
      </Dropdown>
      <Modal open={pwOpen} title={t('auth.changeTitle')} footer={null} onCancel={() => setPwOpen(false)} destroyOnHidden width={420}>
        <ChangePasswordForm onDone={() => setPwOpen(false)} />
      </Modal>
    </>
  );
}
