// Dialogs of the category settings: a catalogue entry (district admin adds or edits it) and a
// street's own rule for one category (route, department, deadline class, active; empty = as in
// the catalogue).
import { Alert, Form, Input, InputNumber, Modal, Select, Switch, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { useOrgs } from '../orgs/api';
import { CLASSES, KINDS, ROUTES, type CategoryT, type DeadlineClass, type RequestKind, type RouteTo } from './api';
import { useCategoryName } from './labels';

interface EntryValues {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: RequestKind;
  routeTo: RouteTo;
  departmentName?: string;
  deadlineClass: DeadlineClass;
  sort?: number;
  active?: boolean;
}

/** Add (no `entry`) or edit a catalogue entry. */
export function CategoryEntryDialog({ entry, onClose }: { entry?: CategoryT; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const categoryName = useCategoryName();
  const [form] = Form.useForm<EntryValues>();
  const routeTo = Form.useWatch('routeTo', form);
  const save = useMutation({
    mutationFn: (v: EntryValues) => {
      const common = {
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        kind: v.kind,
        routeTo: v.routeTo,
        deadlineClass: v.deadlineClass,
        sort: v.sort,
      };
      if (!entry) return api<CategoryT>('/request-categories', { method: 'POST', body: { ...common, code: v.code.trim(), departmentName: v.routeTo === 'department' ? v.departmentName?.trim() : undefined } });
      return api<CategoryT>(`/request-categories/${entry.id}`, {
        method: 'PATCH',
        body: { ...common, active: v.active, departmentName: v.routeTo === 'department' ? v.departmentName?.trim() : null },
      });
    },
    onSuccess: async (c) => {
      message.success(entry ? t('requests.settings.saved') : t('requests.settings.created', { name: categoryName(c) }));
      await qc.invalidateQueries({ queryKey: ['request-categories'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      width={560}
      title={entry ? t('requests.settings.editCategory') : t('requests.settings.addCategory')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ id: 'category-submit' }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={entry ? { ...entry, departmentName: entry.departmentName ?? undefined } : { kind: 'complaint', routeTo: 'community', deadlineClass: 'ordinary', sort: 1000 }}
        onFinish={(v) => save.mutate(v)}
      >
        {!entry && (
          <Form.Item name="code" label={t('requests.settings.code')} extra={t('requests.settings.codeRule')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('requests.settings.codeRule') }]}>
            <Input id="category-code" autoComplete="off" spellCheck={false} />
          </Form.Item>
        )}
        <div className="gz-form-pair">
          <Form.Item name="nameZh" label={t('requests.settings.nameZh')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
            <Input id="category-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('requests.settings.nameEn')} rules={[{ required: true, whitespace: true }, { max: 80 }]}>
            <Input id="category-name-en" />
          </Form.Item>
          <Form.Item name="kind" label={t('requests.settings.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`requests.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="deadlineClass" label={t('requests.settings.deadlineClass')} rules={[{ required: true }]}>
            <Select options={CLASSES.map((c) => ({ value: c, label: t(`requests.classes.${c}`) }))} />
          </Form.Item>
          <Form.Item name="routeTo" label={t('requests.settings.routeTo')} rules={[{ required: true }]}>
            <Select options={ROUTES.map((r) => ({ value: r, label: t(`requests.ownerKinds.${r}`) }))} />
          </Form.Item>
          <Form.Item name="sort" label={t('requests.settings.sort')}>
            <InputNumber min={0} max={10000} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        {routeTo === 'department' && (
          <Form.Item name="departmentName" label={t('requests.settings.departmentName')} extra={t('requests.settings.departmentNameHint')} rules={[{ required: true, min: 2, max: 50 }]}>
            <Input />
          </Form.Item>
        )}
        {entry && (
          <Form.Item name="active" label={t('requests.settings.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

const INHERIT = '';

interface RuleValues {
  routeTo: RouteTo | typeof INHERIT;
  departmentOrgId?: number;
  deadlineClass: DeadlineClass | typeof INHERIT;
  active: 'on' | 'off' | typeof INHERIT;
}

/**
 * A street's rule for one category. The street's view shows merged values; a value equal to the
 * catalogue's is taken as "as in the catalogue" (null), so the rule keeps only what differs.
 */
export function StreetRuleDialog({ streetId, entry, base, onClose }: { streetId: number; entry: CategoryT; base: CategoryT | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const categoryName = useCategoryName();
  const departments = useOrgs('department');
  const [form] = Form.useForm<RuleValues>();
  const routeTo = Form.useWatch('routeTo', form);
  const differs = entry.streetRule;
  const initial: RuleValues = {
    routeTo: differs && (entry.routeTo !== base?.routeTo || entry.departmentOrgId) ? entry.routeTo : INHERIT,
    departmentOrgId: entry.departmentOrgId ?? undefined,
    deadlineClass: differs && entry.deadlineClass !== base?.deadlineClass ? entry.deadlineClass : INHERIT,
    active: differs && entry.active !== base?.active ? (entry.active ? 'on' : 'off') : INHERIT,
  };
  const save = useMutation({
    mutationFn: (v: RuleValues) =>
      api<CategoryT>(`/request-categories/${entry.id}/streets/${streetId}`, {
        method: 'PUT',
        body: {
          routeTo: v.routeTo || null,
          departmentOrgId: v.routeTo === 'department' ? (v.departmentOrgId ?? null) : null,
          deadlineClass: v.deadlineClass || null,
          active: v.active === INHERIT ? null : v.active === 'on',
        },
      }),
    onSuccess: async () => {
      message.success(t('requests.settings.saved'));
      await qc.invalidateQueries({ queryKey: ['request-categories'] });
      onClose();
    },
  });
  const inherit = (shown: string) => ({ value: INHERIT, label: `${t('requests.settings.inherit')}（${shown}）` });
  return (
    <Modal
      open
      width={520}
      title={t('requests.settings.editRule', { name: categoryName(entry) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ id: 'rule-submit' }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="routeTo" label={t('requests.settings.routeTo')}>
          <Select
            id="rule-route"
            options={[inherit(base ? t(`requests.ownerKinds.${base.routeTo}`) : '—'), ...ROUTES.map((r) => ({ value: r, label: t(`requests.ownerKinds.${r}`) }))]}
          />
        </Form.Item>
        {routeTo === 'department' && (
          <Form.Item
            name="departmentOrgId"
            label={t('requests.settings.departmentOrg')}
            extra={base?.departmentName ? `${t('requests.settings.catalogue')}：${base.departmentName}` : undefined}
            rules={base?.routeTo === 'department' ? [] : [{ required: true, message: t('requests.form.targetRequired') }]}
          >
            <Select
              id="rule-department"
              allowClear
              loading={departments.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(departments.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="deadlineClass" label={t('requests.settings.deadlineClass')}>
          <Select
            id="rule-class"
            options={[inherit(base ? t(`requests.classes.${base.deadlineClass}`) : '—'), ...CLASSES.map((c) => ({ value: c, label: t(`requests.classes.${c}`) }))]}
          />
        </Form.Item>
        <Form.Item name="active" label={t('requests.settings.active')}>
          <Select
            id="rule-active"
            options={[
              inherit(base ? (base.active ? t('requests.settings.active') : t('requests.settings.inactive')) : '—'),
              { value: 'on', label: t('requests.settings.active') },
              { value: 'off', label: t('requests.settings.inactive') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
