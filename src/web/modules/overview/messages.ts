import { defineMessages } from '../../i18n/define';

export const overviewMessages = defineMessages(
  'overview',
  {
    title: '概览',
    sub: '{{name}} 的基础数据',
    chartTitle: '下级{{kind}}的住户与居民',
    childrenTitle: '下级{{kind}}',
    noChildren: '该范围下没有下级地点',
    showScope: '查看',
    tooMany: '仅显示前 {{n}} 个下级',
  },
  {
    title: 'Overview',
    sub: 'Basic figures for {{name}}',
    chartTitle: 'Households and residents by {{kind, lowercase}}',
    childrenTitle: '{{kind}} in this area',
    noChildren: 'No places below this one',
    showScope: 'Open',
    tooMany: 'Showing the first {{n}} only',
  },
);
