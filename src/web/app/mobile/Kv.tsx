// A label and its value on one line of a phone card (style .gz-m-kv in mobile.css).
import type { ReactNode } from 'react';

export function Kv({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="gz-m-kv">
      <span>{label}</span>
      <b>{children}</b>
    </div>
  );
}
