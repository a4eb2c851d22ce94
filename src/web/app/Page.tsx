// The standard page heading: a title, an optional description and actions on the right.
import type { ReactNode } from 'react';
import { Typography } from 'antd';

export function PageHeader({ title, sub, extra }: { title: ReactNode; sub?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="gz-page-head">
      <div>
        <Typography.Title level={3} className="gz-page-title">
          {title}
        </Typography.Title>
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </div>
      {extra && <div className="gz-page-extra">{extra}</div>}
    </div>
  );
}
