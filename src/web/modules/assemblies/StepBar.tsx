// The next lifecycle step(s) an assembly's state allows (announce → open → close → count →
// publish → archive), disabled with the reason while its time has not come. The server checks
// every step again; its refusal is shown with the figures it sends (the earliest opening, …).
import { Button, Popconfirm, Space, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { asmKeys, runStep, type AssemblyDetail, type Step } from './api';
import { beijing, msUntil } from './figures';

interface Offer {
  step: Step;
  blocked?: string;
}

const DAY = 86_400_000;

/** What this state allows next, and why not yet. noticeDays is known only to those who may read the settings. */
export function nextSteps(t: TFunction, a: AssemblyDetail, now: number, noticeDays: number | undefined): Offer[] {
  switch (a.state) {
    case 'draft': {
      if (a.matters.length === 0) return [{ step: 'announce', blocked: t('asm.step.needMatters') }];
      const unreviewed = a.election?.candidates.filter((c) => c.partyReview !== 'approved').length ?? 0;
      if (unreviewed > 0) return [{ step: 'announce', blocked: t('asm.step.needReview', { n: unreviewed }) }];
      if (noticeDays !== undefined && msUntil(a.votingOpensAt, now) < noticeDays * DAY) {
        return [{ step: 'announce', blocked: t('asm.step.noticeTooShort', { days: noticeDays, earliest: beijing(new Date(now + noticeDays * DAY).toISOString()) }) }];
      }
      return [{ step: 'announce' }];
    }
    case 'announced':
      return [{ step: 'open', blocked: msUntil(a.votingOpensAt, now) > 0 ? t('asm.step.opensAt', { at: beijing(a.votingOpensAt) }) : undefined }];
    case 'voting':
      return [{ step: 'close', blocked: msUntil(a.votingClosesAt, now) > 0 ? t('asm.step.closesAt', { at: beijing(a.votingClosesAt) }) : undefined }];
    case 'closed': {
      const pending = a.turnout?.pending ?? 0;
      return [{ step: 'count', blocked: pending > 0 ? t('asm.step.pendingPaper', { n: pending }) : undefined }];
    }
    case 'counted':
      return [{ step: 'publish' }];
    case 'published':
      return [{ step: 'archive', blocked: msUntil(a.publicityEndsAt, now) > 0 ? t('asm.step.publicityUntil', { at: beijing(a.publicityEndsAt) }) : undefined }];
    default:
      return [];
  }
}

function detailString(details: unknown, key: string): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const v = (details as Record<string, unknown>)[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The server's refusal of a step, with the figures it carries where the message points at them. */
export function useStepErrorText(): (e: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (e) => {
    if (e instanceof ApiError) {
      const earliest = detailString(e.details, 'earliestOpening');
      if (e.code === 'ASSEMBLY_NOTICE_TOO_SHORT' && earliest) return t('asm.step.noticeTooShort', { days: detailString(e.details, 'noticeDays') ?? '', earliest: beijing(earliest) });
      const pending = detailString(e.details, 'pending');
      if (e.code === 'ASSEMBLY_STATE_CONFLICT' && pending) return t('asm.step.pendingPaper', { n: Number(pending) });
      const ends = detailString(e.details, 'publicityEndsAt');
      if (e.code === 'ASSEMBLY_STATE_CONFLICT' && ends) return t('asm.step.publicityUntil', { at: beijing(ends) });
    }
    return errorText(e);
  };
}

export function StepBar({ a, now, noticeDays }: { a: AssemblyDetail; now: number; noticeDays: number | undefined }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const stepError = useStepErrorText();
  const run = useMutation({
    mutationFn: (step: Step) => runStep(a.id, step),
    onSuccess: async (next, step) => {
      qc.setQueryData(asmKeys.detail(a.id), next);
      message.success(t(`asm.step.done.${step}`));
      await qc.invalidateQueries({ queryKey: asmKeys.all });
    },
    onError: (e) => {
      message.error(stepError(e));
      void qc.invalidateQueries({ queryKey: asmKeys.detail(a.id) });
    },
  });
  const offers = nextSteps(t, a, now, noticeDays);
  if (!offers.length) return <Typography.Text type="secondary">{t('asm.step.none')}</Typography.Text>;
  return (
    <Space wrap size={[12, 8]} className="gz-asm-steps">
      {offers.map((o) => (
        <Space key={o.step} size={8} wrap>
          <Popconfirm
            title={t(`asm.step.label.${o.step}`)}
            description={<div className="gz-asm-confirm">{t(`asm.step.confirm.${o.step}`)}</div>}
            okText={t(`asm.step.label.${o.step}`)}
            cancelText={t('common.cancel')}
            onConfirm={() => run.mutateAsync(o.step).catch(() => undefined)}
            disabled={!!o.blocked}
          >
            <Button id={`asm-step-${o.step}`} type="primary" disabled={!!o.blocked} loading={run.isPending && run.variables === o.step}>
              {t(`asm.step.label.${o.step}`)}
            </Button>
          </Popconfirm>
          {o.blocked && (
            <Typography.Text type="secondary" id={`asm-step-${o.step}-reason`}>
              {o.blocked}
            </Typography.Text>
          )}
        </Space>
      ))}
    </Space>
  );
}
