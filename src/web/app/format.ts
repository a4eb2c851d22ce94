// Small display helpers shared by the pages.
import dayjs from 'dayjs';

/** An area held in 0.01 m² as "89.77 m²". */
export function formatArea(centi: number | null | undefined): string {
  if (centi === null || centi === undefined) return '—';
  const sign = centi < 0 ? '-' : '';
  const abs = Math.abs(centi);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const frac = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${frac} m²`;
}

/** An area in 0.01 m² as the plain decimal text the API accepts ("89.77"). */
export function centiToText(centi: number | undefined): string {
  if (centi === undefined) return '';
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}

export function formatDateTime(v: string | Date | null | undefined): string {
  if (!v) return '—';
  // the server sends ISO 8601 (UTC); shown in local time
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : String(v);
}

export function ageFrom(birthDate: string | null): number | null {
  if (!birthDate) return null;
  const d = dayjs(birthDate);
  return d.isValid() ? dayjs().diff(d, 'year') : null;
}
