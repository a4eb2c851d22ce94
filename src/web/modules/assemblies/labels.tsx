// Small display pieces shared by the assembly pages: the state tag, a matter's 民法典 第278条 item
// and the threshold it needs, choices, figures (persons and area).
import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
// the item wording is the server's own table (a plain module without dependencies): one text of the law
import { ITEM_LABELS, SPECIAL_ITEMS } from '../../../modules/assemblies/rule';
import type { AssemblyState, Choice, Figures, Item } from './api';
import { areaText } from './figures';

export const STATE_COLORS: Record<AssemblyState, string> = {
  draft: 'default',
  announced: 'gold',
  voting: 'red',
  closed: 'purple',
  counted: 'blue',
  published: 'green',
  archived: 'default',
};

export function StateTag({ state }: { state: AssemblyState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} className="gz-asm-state" data-asm-state={state} variant={state === 'archived' ? 'outlined' : undefined}>
      {t(`asm.states.${state}`)}
    </Tag>
  );
}

export function isSpecialItem(item: number): boolean {
  return (SPECIAL_ITEMS as readonly number[]).includes(item);
}

/** The wording of item (n) of 民法典 第278条 第1款 in the chosen language. */
export function useItemLabel(): (item: number) => string {
  const { i18n } = useTranslation();
  return (item) => {
    const label = ITEM_LABELS[item as Item];
    if (!label) return `(${item})`;
    return i18n.language === 'en' ? label.en : label.zh;
  };
}

/** "第278条第（六）项 筹集…" as a tag with the threshold beside it. */
export function ItemTag({ item }: { item: number }) {
  const { t } = useTranslation();
  const label = useItemLabel();
  return (
    <Tooltip title={label(item)}>
      <Tag color={isSpecialItem(item) ? 'volcano' : 'geekblue'} className="gz-asm-item">
        {t('asm.item.short', { n: item })}
      </Tag>
    </Tooltip>
  );
}

/** What a matter of this item needs to pass (民法典 第278条 第2款). */
export function ThresholdText({ item }: { item: number }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" className="gz-small">
      {isSpecialItem(item) ? t('asm.threshold.special') : t('asm.threshold.ordinary')}
    </Typography.Text>
  );
}

const CHOICE_COLORS: Record<Choice, string> = { agree: 'green', oppose: 'red', abstain: 'default' };

export function ChoiceTag({ choice }: { choice: Choice }) {
  const { t } = useTranslation();
  return <Tag color={CHOICE_COLORS[choice]}>{t(`asm.choices.${choice}`)}</Tag>;
}

/** "41 人 · 2,968.09 m²" */
export function FiguresText({ f }: { f: Figures | null | undefined }) {
  const { t } = useTranslation();
  if (!f) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="gz-asm-figures">
      {t('asm.persons', { n: f.persons })} · {areaText(f.areaCenti)}
    </span>
  );
}
