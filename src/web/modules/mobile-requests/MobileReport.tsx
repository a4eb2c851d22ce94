// 我要反映: a resident reports a problem at home, in their building or in the estate's shared
// areas; a grid volunteer (三长, requests.intake) files one for a resident of their area, with the
// resident's name and phone. Category, description, exact spot and up to nine photos.
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Empty, Form, Input, Segmented, Skeleton } from 'antd';
import { BankOutlined, BuildOutlined, HomeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Me, MyHousehold } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { can } from '../../app/permissions';
import { useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { useMyHousehold } from '../people/api';
import { useCategories, useCreateRequest } from './api';
import { CategoryGrid } from './CategoryGrid';
import { PhotoPicker, usePhotoUploads } from './PhotoPicker';
import { PlacePicker, type PickedPlace } from './PlacePicker';
import './mobile-requests.css';

const GRID_ROLES = ['pian_zhang', 'zu_zhang', 'lin_zhang'];
const PHONE = /^[0-9+\- ]{5,20}$/;

interface PlaceChoice {
  id: number;
  kind: 'home' | 'building' | 'estate';
  title: string;
  sub: string;
}

/**
 * The places a resident may report at: their homes, the buildings they stand in and the estates
 * (the server takes anything inside an estate they live in). Ids come from each home's place path
 * ('/district/street/community/estate/building/…/unit/'); names from the home's address
 * ("棉麻公司家属院 1号楼 1单元 101"), one name per level below the community when the two line up.
 */
function residentChoices(me: Me, household: MyHousehold | undefined, t: (k: string) => string): PlaceChoice[] {
  const homes: PlaceChoice[] = [];
  const buildings = new Map<number, PlaceChoice>();
  const estates = new Map<number, PlaceChoice>();
  for (const g of me.grants.filter((x) => x.role === 'resident')) {
    const below = g.path.split('/').filter(Boolean).map(Number).slice(3); // estate … unit
    const address = household?.homes.find((h) => h.unitId === g.placeId)?.address;
    const names = address && address.split(' ').length === below.length ? address.split(' ') : null;
    homes.push({ id: g.placeId, kind: 'home', title: t('mreq.whereHome'), sub: address ?? g.placeName });
    if (below.length >= 3 && !buildings.has(below[1])) buildings.set(below[1], { id: below[1], kind: 'building', title: t('mreq.whereBuilding'), sub: names?.[1] ?? '' });
    if (below.length >= 2 && !estates.has(below[0]))
      estates.set(below[0], { id: below[0], kind: 'estate', title: t('mreq.whereEstate'), sub: [names?.[0], t('mreq.whereEstateSub')].filter(Boolean).join(' · ') });
  }
  return [...homes, ...buildings.values(), ...estates.values()];
}

const CHOICE_ICON = { home: <HomeOutlined />, building: <BuildOutlined />, estate: <BankOutlined /> };

function PlaceChoices({ choices, value, onChange }: { choices: PlaceChoice[]; value?: number; onChange?: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <div className="gz-mr-choices" role="radiogroup" aria-label={t('mreq.where')}>
      {choices.map((c) => (
        <button
          key={`${c.kind}-${c.id}`}
          type="button"
          role="radio"
          aria-checked={value === c.id}
          data-kind={c.kind}
          className={value === c.id ? 'gz-mr-choice active' : 'gz-mr-choice'}
          onClick={() => onChange?.(c.id)}
        >
          <span className="gz-mr-choice-icon">{CHOICE_ICON[c.kind]}</span>
          <span className="gz-mr-choice-main">
            <span className="gz-mr-choice-title">{c.title}</span>
            {c.sub && <span className="gz-mr-choice-sub">{c.sub}</span>}
          </span>
          <span className="gz-mr-radio" aria-hidden />
        </button>
      ))}
    </div>
  );
}

interface FormValues {
  placeId?: number;
  picked?: PickedPlace | null;
  categoryId?: number;
  description?: string;
  locationNote?: string;
  name?: string;
  phone?: string;
}

export default function MobileReport() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const canSelf = me.grants.some((g) => g.role === 'resident');
  const canProxy = can(me, 'requests.intake');
  const [mode, setMode] = useState<'self' | 'proxy'>(canSelf ? 'self' : 'proxy');
  const household = useMyHousehold(canSelf);
  const choices = useMemo(() => residentChoices(me, household.data, t), [me, household.data, t]);
  const gridGrant = me.grants.find((g) => GRID_ROLES.includes(g.role));
  const [form] = Form.useForm<FormValues>();
  const uploads = usePhotoUploads();
  const create = useCreateRequest();

  const proxy = mode === 'proxy';
  const placeId = Form.useWatch('placeId', form);
  const picked = Form.useWatch('picked', form);
  const categoryId = Form.useWatch('categoryId', form);
  const where = proxy ? picked?.id : placeId;
  // before a grid volunteer has picked a place, their own area gives the categories (same street)
  const categoriesAt = where ?? (proxy ? gridGrant?.placeId : choices[0]?.id);
  const categories = useCategories(categoriesAt);
  const chosen = categories.data?.find((c) => c.id === categoryId);

  if (!canSelf && !canProxy) return <Empty className="gz-mr-empty" description={t('mreq.noHome')} />;
  if (mode === 'self' && household.isPending) return <Skeleton active className="gz-m-page" />;

  const onSubmit = async (v: FormValues) => {
    if (uploads.busy) {
      message.info(t('mreq.waitUploads'));
      return;
    }
    const target = proxy ? v.picked?.id : v.placeId;
    if (!target || !v.categoryId || !v.description) return;
    try {
      const r = await create.mutateAsync({
        placeId: target,
        categoryId: v.categoryId,
        description: v.description.trim(),
        ...(v.locationNote?.trim() ? { locationNote: v.locationNote.trim() } : {}),
        ...(uploads.ids.length ? { photoIds: uploads.ids } : {}),
        ...(proxy ? { onBehalf: { name: v.name!.trim(), phone: v.phone!.trim() } } : {}),
      });
      message.success(t('mreq.submitted', { refNo: r.refNo }));
      navigate(`/m/requests/${r.id}`, { state: { created: true } });
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div className="gz-m-page gz-mr-report">
      {canSelf && canProxy && (
        <Segmented<'self' | 'proxy'>
          block
          size="large"
          value={mode}
          onChange={(m) => {
            setMode(m);
            form.setFieldsValue({ placeId: undefined, picked: null, categoryId: undefined });
          }}
          options={[
            { label: t('mreq.forMyself'), value: 'self' },
            { label: t('mreq.forResident'), value: 'proxy' },
          ]}
        />
      )}
      {proxy && gridGrant && <Alert type="info" showIcon title={t('mreq.proxyHint', { role: pickLabel(gridGrant.roleLabel, i18n.language === 'en' ? 'en' : 'zh-CN') })} />}
      {!proxy && choices.length === 0 && <Alert type="warning" showIcon title={t('mreq.noHome')} />}

      <Form<FormValues>
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        initialValues={{ placeId: choices[0]?.id, picked: null }}
        onFinish={(v) => void onSubmit(v)}
        scrollToFirstError={{ block: 'center' }}
        className="gz-mr-form"
      >
        <section className="gz-m-card">
          {proxy ? (
            <Form.Item name="picked" label={t('mreq.where')} rules={[{ required: true, message: t('mreq.placeRequired') }]}>
              <PlacePicker />
            </Form.Item>
          ) : (
            <Form.Item name="placeId" label={t('mreq.where')} rules={[{ required: true, message: t('mreq.placeRequired') }]}>
              <PlaceChoices choices={choices} />
            </Form.Item>
          )}
          <Form.Item name="locationNote" label={t('mreq.locationNote')} className="gz-mr-last">
            <Input id="report-location" maxLength={200} placeholder={t('mreq.locationNotePlaceholder')} allowClear />
          </Form.Item>
        </section>

        <section className="gz-m-card">
          <Form.Item name="categoryId" label={t('mreq.category')} rules={[{ required: true, message: t('mreq.categoryRequired') }]} className="gz-mr-last">
            <CategoryGrid placeId={categoriesAt} />
          </Form.Item>
          {chosen?.deadlineClass === 'emergency' && <Alert type="error" showIcon title={t('mreq.emergencyHint')} className="gz-mr-gap" />}
        </section>

        <section className="gz-m-card">
          <Form.Item
            name="description"
            label={t('mreq.description')}
            rules={[{ required: true, whitespace: true, message: t('mreq.descriptionRequired') }]}
          >
            <Input.TextArea id="report-description" rows={5} maxLength={2000} showCount placeholder={t('mreq.descriptionPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('mreq.photos')} extra={t('mreq.photosHint', { max: 9 })} className="gz-mr-last">
            <PhotoPicker uploads={uploads} />
          </Form.Item>
        </section>

        {proxy && (
          <section className="gz-m-card">
            <Form.Item name="name" label={t('mreq.requesterName')} rules={[{ required: true, whitespace: true, message: t('mreq.requesterNameRequired') }]}>
              <Input id="report-name" maxLength={50} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('mreq.requesterPhone')}
              className="gz-mr-last"
              rules={[
                { required: true, message: t('mreq.requesterPhoneRequired') },
                { pattern: PHONE, message: t('mreq.requesterPhoneInvalid') },
              ]}
            >
              <Input id="report-phone" type="tel" inputMode="tel" maxLength={20} autoComplete="off" />
            </Form.Item>
          </section>
        )}

        <p className="gz-m-note gz-mr-privacy">{proxy ? t('mreq.privacyProxy') : t('mreq.privacy')}</p>
        <Button id="report-submit" type="primary" htmlType="submit" size="large" block loading={create.isPending} disabled={!proxy && choices.length === 0} className="gz-mr-submit">
          {create.isPending ? t('mreq.submitting') : t('mreq.submit')}
        </Button>
      </Form>
    </div>
  );
}
