// One organisation's compliance calendar for a year as a compact heat-table: a row per kind of
// meeting, twelve month columns, each period spanning its months (a quarter three, a year twelve),
// coloured held / missing / due soon / open / upcoming, with the meetings' dates on hover.
import { Card, Empty, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { SLOT_COLOURS, useCalendar, type CalendarSlot, type SlotStatus } from './api-meetings';

const months = (s: CalendarSlot) => Number(s.end.slice(5, 7)) - Number(s.start.slice(5, 7)) + 1;

export function CalendarLegend() {
  const { t } = useTranslation();
  return (
    <div className="gz-party-legend">
      {(Object.keys(SLOT_COLOURS) as SlotStatus[]).map((s) => (
        <span key={s} style={{ ['--c' as string]: SLOT_COLOURS[s] }}>
          {t(`partyMeetings.calendar.status.${s}`)}
        </span>
      ))}
    </div>
  );
}

export function CalendarGrid({ orgId, name, year }: { orgId: number; name: string; year: string }) {
  const { t } = useTranslation();
  const cal = useCalendar({ orgId, from: `${year}-01-01`, to: `${year}-12-31` });
  const slots = cal.data?.slots ?? [];
  const kinds = cal.data?.orgs[0]?.kinds ?? [];
  return (
    <Card size="small" title={t('partyMeetings.calendar.grid', { name })} extra={<CalendarLegend />} id="party-calendar-grid">
      {cal.isError ? (
        <ErrorResult error={cal.error} onRetry={() => void cal.refetch()} />
      ) : kinds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="gz-party-heat">
            <thead>
              <tr>
                <th />
                {Array.from({ length: 12 }, (_, i) => (
                  <th key={i} style={{ textAlign: 'center' }}>
                    {i + 1}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {kinds.map((k) => (
                <tr key={k}>
                  <th>
                    {t(`partyMeetings.kinds.${k}`)}
                    <span className="gz-small" style={{ color: '#8c8c8c' }}>
                      {' '}
                      · {t(`partyMeetings.settings.freq.${cal.data?.frequencies?.[k] ?? 'monthly'}`)}
                    </span>
                  </th>
                  {slots
                    .filter((s) => s.kind === k)
                    .map((s) => (
                      <Tooltip key={s.start} title={`${s.start} – ${s.end}：${t(`partyMeetings.calendar.status.${s.status}`)}${s.held.length ? `（${s.held.join('、')}）` : ''}`}>
                        <td
                          colSpan={months(s)}
                          className={months(s) > 1 ? 'gz-cell-wide' : 'gz-cell'}
                          style={{ background: SLOT_COLOURS[s.status], color: s.status === 'upcoming' ? '#595959' : '#fff' }}
                          data-status={s.status}
                        >
                          {s.held.length > 1 ? s.held.length : s.status === 'held' ? '✓' : s.status === 'missing' ? '✗' : ''}
                        </td>
                      </Tooltip>
                    ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
