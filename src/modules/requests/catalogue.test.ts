// The default catalogue covers DOMAIN.md §3's categories, every kind and every deadline class.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, REQUEST_KINDS } from './catalogue';
import { DEADLINE_CLASSES } from './clock';

describe('default request categories', () => {
  it('has unique codes and names', () => {
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.code)).size).toBe(DEFAULT_CATEGORIES.length);
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.zh)).size).toBe(DEFAULT_CATEGORIES.length);
  });

  it('covers the categories named in the domain guide', () => {
    const named = ['停车难', '下水道堵塞', '屋面渗漏', '侵占绿地', '违规封闭阳台', '违章搭建', '宠物粪便', '垃圾未分类', '违规群租转租', '占用消防通道', '物业费纠纷', '噪音扰民', '邻里纠纷'];
    for (const n of named) expect(DEFAULT_CATEGORIES.map((c) => c.zh)).toContain(n);
  });

  it('uses every kind and every deadline class', () => {
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.kind))).toEqual(new Set(REQUEST_KINDS));
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.deadline))).toEqual(new Set(Object.keys(DEADLINE_CLASSES)));
  });

  it('names departments by their function, without a district prefix', () => {
    const departments = DEFAULT_CATEGORIES.flatMap((c) => (c.route.to === 'department' ? [c.route.department] : []));
    expect(departments).toEqual(['城市管理综合执法局', '城市管理综合执法局']);
  });
});
