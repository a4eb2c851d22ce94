// i18next set-up: zh-CN first, English on request; the choice is kept in localStorage and drives
// the antd and dayjs locales too.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import type { MessageBundle } from './define';
import { bundles } from './bundles';

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'gongzhi.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function merge(list: MessageBundle[], side: 'zh' | 'en'): Record<string, object> {
  const out: Record<string, object> = {};
  for (const b of list) out[b.ns] = b[side];
  return out;
}

function applySideEffects(lang: Lang): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
  document.title = lang === 'en' ? 'Gongzhi · Party-building-led community governance' : '共治 · 党建引领小区治理';
}

export function initI18n(): typeof i18n {
  const lang = storedLang();
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: merge(bundles, 'zh') }, en: { translation: merge(bundles, 'en') } },
    lng: lang,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
  // "{{kind, lowercase}}": a kind name inside an English sentence ("My building")
  i18n.services.formatter?.add('lowercase', (value: unknown, lng: string | undefined) => String(value).toLocaleLowerCase(lng));
  applySideEffects(lang);
  return i18n;
}

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applySideEffects(lang);
  await i18n.changeLanguage(lang);
}

/** Pick the side of a {zh, en} label from the server. */
export function pickLabel(label: { zh: string; en: string }, lang: Lang = currentLang()): string {
  return lang === 'en' ? label.en : label.zh;
}
