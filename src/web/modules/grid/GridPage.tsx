// 三长网格 (console): the 片 → 组 → 邻 tree of the chosen place on the left; on the right the chosen
// cell with its actions, and the coverage of the place by estate with the scope's totals and a chart.
import { useState } from 'react';
import { Button, Card, Col, Row, Space } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import PartyImportDialog from '../party/PartyImportDialog';
import { AssignDialog } from './AssignDialog';
import { BulkDialog, CreateCellDialog, LeaderDialog, RenameDialog } from './CellDialogs';
import { CellPanel, type CellAction } from './CellPanel';
import { CoveragePanel } from './CoveragePanel';
import { GridTree } from './GridTree';
import { useCell, useCoverage, type Cell } from './api';
import './grid.css';

type Open = { kind: CellAction; cell: Cell | null } | { kind: 'import' } | null;

export default function GridPage() {
  const { t } = useTranslation();
  const { scopeId } = useScope();
  const canManage = useCan('grid.manage');
  const canImport = useCan('party.import');
  const [params, setParams] = useSearchParams();
  const selected = Number(params.get('cell')) || undefined;
  const coverage = useCoverage(scopeId);
  const chosen = useCell(selected);
  // '/2/16/40/' → [2, 16]: the cells to open above the chosen one
  const openPath = (chosen.data?.cellPath ?? '').split('/').filter(Boolean).map(Number).slice(0, -1);
  const limits = coverage.data?.limits;
  const [open, setOpen] = useState<Open>(null);
  // the assign dialog needs the 邻's current households (the detail)
  const assigning = useCell(open && open.kind === 'assign' && open.cell ? open.cell.id : undefined);

  const select = (id: number | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('cell', String(id));
      else next.delete('cell');
      return next;
    });
  const close = () => setOpen(null);

  return (
    <>
      <PageHeader
        title={t('grid.title')}
        sub={t('grid.sub')}
        extra={
          <Space>
            {canImport && (
              <Button icon={<ImportOutlined />} onClick={() => setOpen({ kind: 'import' })} id="grid-import">
                {t('grid.import')}
              </Button>
            )}
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'create', cell: null })} id="grid-create">
                {t('grid.create')} · {t('grid.levels.pian')}
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={16} wrap={false} className="gz-grid">
        <Col flex="360px" className="gz-grid-tree-col">
          <Card size="small" title={t('grid.tree')} className="gz-grid-tree-card">
            {scopeId && <GridTree placeId={scopeId} limits={limits} selectedId={selected} openPath={openPath} onSelect={(c) => select(c.id)} />}
          </Card>
        </Col>
        <Col flex="auto" className="gz-grid-main">
          <div className="gz-stack">
            {selected && (
              <CellPanel
                id={selected}
                limits={limits}
                canManage={canManage}
                onAction={(kind, cell) => setOpen({ kind, cell })}
                onSelect={(c) => select(c.id)}
                onRetired={() => select(null)}
              />
            )}
            <CoveragePanel q={coverage} />
          </div>
        </Col>
      </Row>
      {open?.kind === 'create' && scopeId && (
        <CreateCellDialog
          parent={open.cell}
          scopeId={scopeId}
          onClose={close}
          onCreated={(c) => {
            close();
            select(c.id);
          }}
        />
      )}
      {open?.kind === 'rename' && open.cell && <RenameDialog cell={open.cell} onClose={close} />}
      {open?.kind === 'leader' && open.cell && <LeaderDialog cell={open.cell} onClose={close} />}
      {open?.kind === 'bulk' && open.cell && <BulkDialog zu={open.cell} limits={limits} onClose={close} />}
      {open?.kind === 'assign' && assigning.data && <AssignDialog lin={assigning.data} onClose={close} />}
      <PartyImportDialog kind="grid" open={open?.kind === 'import'} onClose={close} />
    </>
  );
}
