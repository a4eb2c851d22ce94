// The "set here / inherited" mark of a field of a place's settings (requests, assemblies): what the
// place sets itself is marked red with the way back to inheriting; the rest says where it comes
// from (the district's defaults, or the place above).
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function OwnMark({
  own,
  isDistrict,
  messages,
  className,
  onInherit,
}: {
  own: boolean;
  isDistrict: boolean;
  /** where the texts live: `<messages>.own`, `.useInherited`, `.inheritedDefault`, `.inherited` */
  messages: string;
  className: string;
  onInherit: () => void;
}) {
  const { t } = useTranslation();
  return own ? (
    <Space size={4}>
      <Tag color="red" className={className}>
        {t(`${messages}.own`)}
      </Tag>
      <Typography.Link className="gz-small" onClick={onInherit}>
        {t(`${messages}.useInherited`)}
      </Typography.Link>
    </Space>
  ) : (
    <Tag className={className}>{isDistrict ? t(`${messages}.inheritedDefault`) : t(`${messages}.inherited`)}</Tag>
  );
}

/** The set without `key` (a field going back to inheriting). */
export function without<K>(set: Set<K>, key: K): Set<K> {
  const next = new Set(set);
  next.delete(key);
  return next;
}
