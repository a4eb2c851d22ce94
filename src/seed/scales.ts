// Seeding scales. "district" follows the seeds' district: about 480,000 residents in 160,000
// households, with 三长 in the seeds' proportions (689 片长, 2,753 组长, 13,752 邻长).
//
// Estates are built by era: an estate's era decides its buildings (old walk-ups are low, new towers
// high, and the buildings of one estate share their height), unit sizes, vacancy, tenancy and
// whether a property company serves it (many old estates have none).

export type EraName = 'old' | 'mid' | 'new';
/** [value, weight] pairs; weights need not sum to 1. */
export type Weights<T> = [T, number][];

export interface Era {
  name: EraName;
  /** 老旧小区 / 2000s 小区 / 新建商品房 */
  label: string;
  years: [number, number];
  buildings: [number, number];
  entrances: [number, number];
  /** The estate's height: every building of the estate has it, unless mixed in below. */
  floors: Weights<number>;
  /** Some estates of the era mix a second, lower height (洋房 beside towers). */
  mixedFloors: Weights<number>;
  mixedShare: number;
  unitsPerFloor: Weights<number>;
  /** Unit floor area range, m². */
  area: [number, number];
  occupancy: number;
  /** Share of units still held by the developer (unsold or undelivered). */
  unsold: number;
  /** Share of households that rent. */
  tenants: number;
  /** Share of estates without a property company (self-managed or looked after by the community). */
  withoutProperty: number;
  /** Share of buildings with a lift. */
  lift: number;
}

export type StreetCharacter = 'old_town' | 'new_area' | 'town';

export interface Scale {
  name: 'demo' | 'district';
  districtName: string;
  /** Six-digit administrative code: ID numbers and the street and community codes start with it. */
  regionCode: string;
  population: number | null;
  streets: number;
  /** Towns (镇) sit at street level; their communities are the town centres. */
  towns: number;
  /** Share of the streets (not towns) that are the old town; the rest are newer areas. */
  oldTownShare: number;
  communitiesPerStreet: [number, number];
  /** Target households in the district; units are built to house them. */
  households: number;
  minEstatesPerCommunity: number;
  /** Community sizes vary around the mean by this factor either way. */
  communitySpread: number;
  eras: Record<EraName, Era>;
  eraMix: Record<StreetCharacter, Weights<EraName>>;
  householdSize: Weights<number>;
  propertyCompanies: number;
  developers: number;
  // households per grid volunteer, from the seeds: 160,000 / 689, / 2,753, / 13,752
  householdsPerPianZhang: number;
  householdsPerZuZhang: number;
  householdsPerLinZhang: number;
}

const SEEDS_HOUSEHOLDS = 160_000;
const GRID = {
  householdsPerPianZhang: SEEDS_HOUSEHOLDS / 689,
  householdsPerZuZhang: SEEDS_HOUSEHOLDS / 2_753,
  householdsPerLinZhang: SEEDS_HOUSEHOLDS / 13_752,
};

// 2020 census: the average urban household is smaller than 3, but the seeds' district has 3.0
const HOUSEHOLD_SIZE: Weights<number> = [[1, 12], [2, 26], [3, 30], [4, 18], [5, 9], [6, 5]];

const DISTRICT_ERAS: Record<EraName, Era> = {
  old: {
    name: 'old',
    label: '老旧小区',
    years: [1982, 1999],
    buildings: [1, 12],
    entrances: [2, 4],
    floors: [[5, 15], [6, 50], [7, 35]],
    mixedFloors: [[4, 1], [5, 1]],
    mixedShare: 0.15,
    unitsPerFloor: [[2, 80], [3, 20]],
    area: [48, 92],
    occupancy: 0.9,
    unsold: 0,
    tenants: 0.2,
    withoutProperty: 0.4,
    lift: 0.05,
  },
  mid: {
    name: 'mid',
    label: '2000年代小区',
    years: [2000, 2011],
    buildings: [4, 16],
    entrances: [2, 3],
    floors: [[6, 20], [7, 25], [11, 30], [18, 25]],
    mixedFloors: [[6, 1], [7, 1]],
    mixedShare: 0.2,
    unitsPerFloor: [[2, 85], [3, 15]],
    area: [72, 135],
    occupancy: 0.87,
    unsold: 0.01,
    tenants: 0.12,
    withoutProperty: 0.08,
    lift: 0,
  },
  new: {
    name: 'new',
    label: '新建商品房小区',
    years: [2012, 2023],
    buildings: [4, 14],
    entrances: [1, 2],
    floors: [[11, 15], [18, 25], [26, 30], [32, 30]],
    mixedFloors: [[6, 1], [8, 1]],
    mixedShare: 0.3,
    unitsPerFloor: [[2, 45], [3, 20], [4, 35]],
    area: [85, 145],
    occupancy: 0.8,
    unsold: 0.04,
    tenants: 0.1,
    withoutProperty: 0.01,
    lift: 1,
  },
};

// the demo keeps every era but small: a few low buildings per estate
const DEMO_ERAS: Record<EraName, Era> = {
  old: { ...DISTRICT_ERAS.old, buildings: [2, 3], entrances: [1, 2], floors: [[6, 1]], mixedShare: 0, unitsPerFloor: [[2, 1]] },
  mid: { ...DISTRICT_ERAS.mid, buildings: [2, 3], entrances: [1, 2], floors: [[6, 1], [7, 1]], mixedShare: 0, unitsPerFloor: [[2, 1]] },
  new: { ...DISTRICT_ERAS.new, buildings: [2, 2], entrances: [1, 1], floors: [[11, 1]], mixedShare: 0, unitsPerFloor: [[2, 1]] },
};

export const SCALES: Record<Scale['name'], Scale> = {
  demo: {
    name: 'demo',
    districtName: '云溪区（演示）',
    regionCode: '511303',
    population: null,
    streets: 2,
    towns: 0,
    oldTownShare: 0.5,
    communitiesPerStreet: [2, 2],
    households: 320,
    minEstatesPerCommunity: 2,
    communitySpread: 0.1,
    eras: DEMO_ERAS,
    eraMix: {
      old_town: [['old', 2], ['mid', 1]],
      new_area: [['mid', 1], ['new', 1]],
      town: [['mid', 1]],
    },
    householdSize: HOUSEHOLD_SIZE,
    propertyCompanies: 3,
    developers: 3,
    ...GRID,
  },
  district: {
    name: 'district',
    districtName: '嘉川区（演示）',
    regionCode: '511304',
    population: 480_000,
    streets: 10,
    towns: 2,
    oldTownShare: 0.4,
    communitiesPerStreet: [6, 8],
    households: SEEDS_HOUSEHOLDS,
    minEstatesPerCommunity: 1,
    communitySpread: 0.3,
    eras: DISTRICT_ERAS,
    eraMix: {
      old_town: [['old', 55], ['mid', 35], ['new', 10]],
      new_area: [['old', 8], ['mid', 37], ['new', 55]],
      town: [['old', 35], ['mid', 50], ['new', 15]],
    },
    householdSize: HOUSEHOLD_SIZE,
    propertyCompanies: 28,
    developers: 9,
    ...GRID,
  },
};
