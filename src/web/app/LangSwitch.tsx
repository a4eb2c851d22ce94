// 中文 / English switch; the choice is remembered in localStorage.
import { Button, Segmented } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../i18n';

export function LangButton() {
  const { t, i18n } = useTranslation();
  const next: Lang = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button type="text" icon={<GlobalOutlined />} onClick={() => void setLang(next)} lang={next}>
      {t('shell.switchLang')}
    </Button>
  );
}

export function LangSegmented({ size }: { size?: 'large' | 'middle' }) {
  const { i18n } = useTranslation();
  return (
    <Segmented<Lang>
      size={size}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
      onChange={(v) => void setLang(v)}
    />
  );
}
