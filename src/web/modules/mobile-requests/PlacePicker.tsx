// Where the problem is, for a grid volunteer filing for a resident: open the places of one's area
// level by level (building → entrance → unit) and take any of them.
import { useState } from 'react';
import { Button, Drawer, Empty, Skeleton } from 'antd';
import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Place } from '../../api/types';
import { ErrorResult } from '../../app/errors';
import { usePlaceChildren, useRoots } from '../places/api';

/** Place kinds a request may be filed at (a community office down to one unit). */
const FILEABLE = ['community', 'estate', 'building', 'entrance', 'unit'];
const ADDRESS_KINDS = ['estate', 'building', 'entrance', 'unit'];

export interface PickedPlace {
  id: number;
  label: string;
}

function labelOf(trail: Place[]): string {
  const parts = trail.filter((p) => ADDRESS_KINDS.includes(p.kind));
  return (parts.length ? parts : trail.slice(-1)).map((p) => p.name).join(' ');
}

function Level({ trail, onOpen, onPick }: { trail: Place[]; onOpen: (p: Place) => void; onPick: (trail: Place[]) => void }) {
  const { t } = useTranslation();
  const here = trail[trail.length - 1];
  const children = usePlaceChildren(here.id);
  if (children.isError) return <ErrorResult error={children.error} onRetry={() => void children.refetch()} />;
  const items = children.data?.items ?? [];
  return (
    <>
      {FILEABLE.includes(here.kind) && (
        <Button type="primary" size="large" block icon={<EnvironmentOutlined />} className="gz-mr-pick-here" onClick={() => onPick(trail)}>
          {t('mreq.chooseHere', { name: here.name })}
        </Button>
      )}
      {children.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mreq.noChildren')} />
      ) : items.every((p) => p.kind === 'unit') ? (
        // units by their numbers, many to a row
        <div className="gz-mr-units" role="group" aria-label={t('common.kinds.unit')}>
          {items.map((p) => (
            <button key={p.id} type="button" className="gz-mr-unit" onClick={() => onPick([...trail, p])}>
              {p.name}
            </button>
          ))}
        </div>
      ) : (
        <ul className="gz-m-list gz-mr-place-list">
          {items.map((p) => {
            const leaf = p.kind === 'unit' || !p.childCount;
            return (
              <li key={p.id}>
                <button type="button" className="gz-m-row gz-mr-row-button" onClick={() => (leaf ? onPick([...trail, p]) : onOpen(p))}>
                  <span className="gz-m-row-main">
                    <span className="gz-m-row-title">{p.name}</span>
                    <span className="gz-m-row-sub">
                      {t(`common.kinds.${p.kind}`)}
                      {!leaf && ` · ${p.childCount}`}
                    </span>
                  </span>
                  {!leaf && <RightOutlined className="gz-m-row-arrow" aria-label={t('mreq.openLevel')} />}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** A form control: `value` and `onChange` come from the Form.Item around it. */
export function PlacePicker({ value, onChange }: { value?: PickedPlace | null; onChange?: (p: PickedPlace) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const roots = useRoots(open);
  const [trail, setTrail] = useState<Place[]>([]);
  const rootList = roots.data ?? [];
  // one root (a building, an estate): start inside it
  const path = trail.length === 0 && rootList.length === 1 ? [rootList[0]] : trail;

  const pick = (chosen: Place[]) => {
    onChange?.({ id: chosen[chosen.length - 1].id, label: labelOf(chosen) });
    setOpen(false);
  };

  return (
    <>
      <button type="button" id="report-place" className={`gz-mr-choice gz-mr-place ${value ? 'active' : ''}`} onClick={() => setOpen(true)}>
        <EnvironmentOutlined className="gz-mr-choice-icon" />
        <span className="gz-mr-choice-main">
          <span className="gz-mr-choice-title">{value ? value.label : t('mreq.pickPlace')}</span>
        </span>
        <span className="gz-mr-choice-link">{value ? t('mreq.changePlace') : <RightOutlined />}</span>
      </button>
      <Drawer open={open} onClose={() => setOpen(false)} placement="bottom" size="85%" title={t('mreq.placeDrawerTitle')} destroyOnHidden className="gz-mr-drawer">
        {path.length > 0 && (
          <nav className="gz-mr-crumbs" aria-label={t('mreq.where')}>
            {path.map((p, i) => (
              <button key={p.id} type="button" disabled={i === path.length - 1} onClick={() => setTrail(path.slice(0, i + 1))}>
                {p.name}
              </button>
            ))}
          </nav>
        )}
        {roots.isError ? (
          <ErrorResult error={roots.error} onRetry={() => void roots.refetch()} />
        ) : roots.isPending ? (
          <Skeleton active />
        ) : path.length === 0 ? (
          <ul className="gz-m-list gz-mr-place-list">
            {rootList.map((p) => (
              <li key={p.id}>
                <button type="button" className="gz-m-row gz-mr-row-button" onClick={() => setTrail([p])}>
                  <span className="gz-m-row-main">
                    <span className="gz-m-row-title">{p.name}</span>
                    <span className="gz-m-row-sub">{t(`common.kinds.${p.kind}`)}</span>
                  </span>
                  <RightOutlined className="gz-m-row-arrow" />
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <Level key={path[path.length - 1].id} trail={path} onOpen={(p) => setTrail([...path, p])} onPick={pick} />
        )}
      </Drawer>
    </>
  );
}
