// A resident's record: personal data (ID masked, full number on request), households and ownership.
import { Descriptions, Drawer, Empty, Skeleton, Table, Tag, Typography, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { ageFrom } from '../../app/format';
import { useCan } from '../../app/permissions';
import { usePerson } from './api';
import { IdentityReveal } from './IdentityReveal';

export function PersonDrawer({ personId, onClose, onOpenUnit }: { personId: number | undefined; onClose: () => void; onOpenUnit: (unitId: number, label: string) => void }) {
  const { t } = useTranslation();
  const person = usePerson(personId);
  const canReveal = useCan('people.identity.view');
  const p = person.data?.person;
  const age = p ? ageFrom(p.birthDate) : null;
  const addressOf = (unitId: number) => person.data?.households.find((h) => h.unitId === unitId)?.address ?? `#${unitId}`;

  return (
    <Drawer open={personId !== undefined} onClose={onClose} size={560} title={p ? p.name : t('people.personTitle')} destroyOnHidden>
      {person.isError ? (
        <ErrorResult error={person.error} onRetry={() => void person.refetch()} />
      ) : !person.data || !p ? (
        <Skeleton active />
      ) : (
        <div className="gz-stack">
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'name', label: t('people.name'), children: <>{p.name} {p.isDemo && <Tag color="gold">{t('people.demoTag')}</Tag>}</> },
              { key: 'gender', label: t('people.gender'), children: p.gender ? t(`common.genders.${p.gender}`) : '—' },
              { key: 'birth', label: t('people.birthDate'), children: p.birthDate ? `${p.birthDate}${age !== null ? ` (${t('people.ageValue', { n: age })})` : ''}` : '—' },
              { key: 'phone', label: t('people.phone'), children: p.phone ?? '—' },
              { key: 'id', label: t('people.idNumber'), children: canReveal ? <IdentityReveal personId={p.id} masked={p.idNumberMask} /> : <span className="gz-mono">{p.idNumberMask ?? '—'}</span> },
            ]}
          />
          <Card size="small" title={t('people.households')}>
            {person.data.households.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.noHouseholds')} />
            ) : (
              <Table
                size="small"
                rowKey="householdId"
                pagination={false}
                dataSource={person.data.households}
                columns={[
                  { title: t('people.address'), dataIndex: 'address', render: (a: string, h) => <Typography.Link onClick={() => onOpenUnit(h.unitId, a)}>{a}</Typography.Link> },
                  { title: t('people.relation'), dataIndex: 'relation', width: 110, render: (r: string) => t(`common.relations.${r}`, { defaultValue: r }) },
                ]}
              />
            )}
          </Card>
          <Card size="small" title={t('people.ownerships')}>
            {person.data.ownerships.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.noOwnerships')} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={person.data.ownerships}
                columns={[
                  { title: t('people.address'), dataIndex: 'unitId', render: (id: number) => <Typography.Link onClick={() => onOpenUnit(id, addressOf(id))}>{addressOf(id)}</Typography.Link> },
                  { title: t('people.basis'), dataIndex: 'basis', render: (b: string) => t(`common.bases.${b}`, { defaultValue: b }) },
                  { title: t('people.votingDelegate'), dataIndex: 'isVotingDelegate', width: 90, render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
                ]}
              />
            )}
          </Card>
        </div>
      )}
    </Drawer>
  );
}
