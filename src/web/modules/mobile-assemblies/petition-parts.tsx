// An owners' petition on the phone: its progress toward 20 % of the area and 20 % of the owners,
// and the sign button with its confirmation.
import { App as AntApp, Button, Tag } from 'antd';
import { CheckCircleFilled, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../app/errors';
import { useSignPetition, type MyPetition, type PetitionTotals } from './api';

const STATE_COLOR: Record<MyPetition['state'], string> = { open: 'blue', reached: 'green', convened: 'purple', withdrawn: 'default' };

export function PetitionState({ p }: { p: MyPetition }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[p.state]} className="gz-ma-state">
      {t(`masm.petitionStates.${p.state}`)}
    </Tag>
  );
}

function Bar({ label, pct, reached }: { label: string; pct: string; reached: boolean }) {
  const { t } = useTranslation();
  const width = Math.min(100, Number(pct));
  return (
    <div className="gz-ma-bar-wrap">
      <div className="gz-ma-bar-label">
        {reached && <CheckCircleFilled className="gz-ma-ok" />} {label}
      </div>
      <div className="gz-ma-bar" role="progressbar" aria-valuenow={Number(pct)} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <div className={reached ? 'gz-ma-bar-fill reached' : 'gz-ma-bar-fill'} style={{ width: `${width}%` }} />
        <div className="gz-ma-bar-goal" title={t('masm.goal')} />
      </div>
      <div className="gz-ma-bar-goal-label">{t('masm.goal')}</div>
    </div>
  );
}

export function PetitionProgress({ totals }: { totals: PetitionTotals }) {
  const { t } = useTranslation();
  return (
    <div className="gz-ma-bars">
      <Bar label={t('masm.progressPersons', { pct: totals.personsPercent, signed: totals.signed.persons, total: totals.roll.persons })} pct={totals.personsPercent} reached={totals.personsReached} />
      <Bar label={t('masm.progressArea', { pct: totals.areaPercent })} pct={totals.areaPercent} reached={totals.areaReached} />
    </div>
  );
}

/** Whether I signed, or the button to sign (with a confirmation). */
export function SignButton({ p }: { p: MyPetition }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const errorText = useErrorText();
  const sign = useSignPetition(p.id);
  if (p.signed) {
    return (
      <div className="gz-ma-voted yes" data-signed="true">
        <CheckCircleFilled /> {p.signedByMe ? t('masm.signed') : t('masm.signedByCoOwner')}
      </div>
    );
  }
  if (p.state !== 'open' && p.state !== 'reached') return null;
  const ask = () =>
    modal.confirm({
      title: t('masm.signConfirm'),
      content: t('masm.signConfirmText', { title: p.title }),
      okText: t('masm.signOk'),
      cancelText: t('masm.cancel'),
      okButtonProps: { size: 'large', id: 'm-sign-ok' },
      cancelButtonProps: { size: 'large' },
      className: 'gz-ma-modal',
      onOk: () =>
        sign.mutateAsync().then(
          (r) => {
            const reachedNow = p.state === 'open' && r.state === 'reached';
            void message.success(reachedNow ? t('masm.reachedNow') : t('masm.signedOk'), reachedNow ? 6 : 3);
          },
          (e: unknown) => {
            message.error(errorText(e));
          },
        ),
    });
  return (
    <>
      <div className="gz-ma-voted no">{t('masm.notSigned')}</div>
      <Button type="primary" size="large" block icon={<EditOutlined />} className="gz-ma-cta" onClick={ask} data-sign={p.id}>
        {t('masm.sign')}
      </Button>
    </>
  );
}
