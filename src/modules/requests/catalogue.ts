// The default category catalogue (DOMAIN.md §3: the categories the seeds name), each with its kind,
// who takes it first and its deadline class. A street may change routing and deadline per category.
import type { DeadlineClass } from './clock';

export const REQUEST_KINDS = ['inquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Who receives a request of the category first (首接负责): the estate's property company, the
 * community, the street, or a district department (named by the end of its name, e.g. 城市管理综合执法局,
 * since each district prefixes its own name). */
export type RouteTarget = { to: 'property' } | { to: 'community' } | { to: 'street' } | { to: 'department'; department: string };

export interface CategoryDefault {
  code: string;
  zh: string;
  en: string;
  kind: RequestKind;
  route: RouteTarget;
  deadline: DeadlineClass;
}

const property = { to: 'property' } as const;
const community = { to: 'community' } as const;
const street = { to: 'street' } as const;
const dept = (department: string) => ({ to: 'department', department }) as const;

export const DEFAULT_CATEGORIES: readonly CategoryDefault[] = [
  { code: 'emergency', zh: '紧急险情（人身财产安全）', en: 'Emergency (life or property at risk)', kind: 'help', route: property, deadline: 'emergency' },
  { code: 'utilities', zh: '停水停电停气停暖', en: 'Water, power, gas or heating cut', kind: 'help', route: property, deadline: 'utilities' },
  { code: 'drain', zh: '下水道堵塞', en: 'Blocked drain', kind: 'help', route: property, deadline: 'utilities' },
  { code: 'roof_leak', zh: '屋面渗漏', en: 'Leaking roof', kind: 'help', route: property, deadline: 'ordinary' },
  { code: 'parking', zh: '停车难', en: 'Parking', kind: 'complaint', route: community, deadline: 'complex' },
  { code: 'fire_lane', zh: '占用消防通道', en: 'Fire lane blocked', kind: 'report', route: property, deadline: 'utilities' },
  { code: 'green_space', zh: '侵占绿地', en: 'Green space encroached', kind: 'report', route: dept('城市管理综合执法局'), deadline: 'ordinary' },
  { code: 'illegal_structure', zh: '违章搭建', en: 'Illegal structure', kind: 'report', route: dept('城市管理综合执法局'), deadline: 'complex' },
  { code: 'balcony', zh: '违规封闭阳台', en: 'Balcony enclosed against the rules', kind: 'report', route: property, deadline: 'ordinary' },
  { code: 'pet_waste', zh: '宠物粪便', en: 'Pet waste', kind: 'complaint', route: property, deadline: 'ordinary' },
  { code: 'rubbish', zh: '垃圾未分类', en: 'Unsorted rubbish', kind: 'complaint', route: property, deadline: 'ordinary' },
  { code: 'subletting', zh: '违规群租转租', en: 'Illegal subletting', kind: 'report', route: community, deadline: 'complex' },
  { code: 'fee_dispute', zh: '物业费纠纷', en: 'Property fee dispute', kind: 'complaint', route: community, deadline: 'complex' },
  { code: 'noise', zh: '噪音扰民', en: 'Noise', kind: 'complaint', route: community, deadline: 'ordinary' },
  { code: 'neighbour_dispute', zh: '邻里纠纷', en: 'Dispute between neighbours', kind: 'help', route: community, deadline: 'complex' },
  { code: 'inquiry', zh: '政策咨询', en: 'Question about a policy', kind: 'inquiry', route: street, deadline: 'ordinary' },
  { code: 'suggestion', zh: '意见建议', en: 'Suggestion', kind: 'suggestion', route: community, deadline: 'complex' },
];
