// Role + place (+ organisation for property and department staff) form fields, shared by
// "new user" and "grant role".
import { Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlaceKind } from '../../api/types';
import { PLACE_KIND_ORDER } from '../../api/types';
import { canGrantRole, orgKindForRole } from '../../app/permissions';
import { useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { useRoles } from './api';
import { useOrgs } from '../orgs/api';

export interface GrantValues {
  role: string;
  placeId: number;
  orgId?: number;
}

function deepestKind(kinds: string[]): PlaceKind {
  const idx = Math.max(...kinds.map((k) => PLACE_KIND_ORDER.indexOf(k as PlaceKind)));
  return PLACE_KIND_ORDER[idx >= 0 ? idx : PLACE_KIND_ORDER.length - 1];
}

export function GrantFields() {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance<GrantValues>();
  const role = Form.useWatch('role', form);
  const me = useSession();
  const roles = useRoles();
  const info = roles.data?.find((r) => r.role === role);
  const orgKind = role ? orgKindForRole(roles.data, role) : undefined;
  const orgs = useOrgs(orgKind, orgKind !== undefined);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  return (
    <>
      <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
        <Select
          loading={roles.isLoading}
          options={(roles.data ?? []).filter((r) => canGrantRole(me, roles.data, r.role)).map((r) => ({ value: r.role, label: pickLabel(r.label, lang) }))}
          onChange={() => form.setFieldsValue({ placeId: undefined, orgId: undefined })}
        />
      </Form.Item>
      <Form.Item
        name="placeId"
        label={t('users.place')}
        rules={[{ required: true, message: t('users.placeRequired') }]}
        extra={info ? <Typography.Text type="secondary">{t('users.placeHint', { kinds: info.placeKinds.map((k) => t(`common.kinds.${k}`)).join(' / ') })}</Typography.Text> : null}
      >
        {info ? <PlaceTreeSelect key={info.role} maxKind={deepestKind(info.placeKinds)} selectableKinds={info.placeKinds} style={{ width: '100%' }} /> : <Select disabled />}
      </Form.Item>
      {orgKind && (
        <Form.Item name="orgId" label={t('users.orgOfKind', { kind: t(`common.orgKinds.${orgKind}`) })} rules={[{ required: true, message: t('users.orgRequired') }]}>
          <Select loading={orgs.isLoading} showSearch={{ optionFilterProp: 'label' }} options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      )}
    </>
  );
}
