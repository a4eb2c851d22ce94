// Seeding scales. "district" follows the seeds' district: about 480,000 residents in 160,000
// households, with 三长 in the seeds' proportions (689 片长, 2,753 组长, 13,752 邻长).
export interface Scale {
  name: 'demo' | 'district';
  streets: number;
  communitiesPerStreet: [number, number];
  estatesPerCommunity: [number, number];
  buildingsPerEstate: [number, number];
  entrancesPerBuilding: [number, number];
  floors: [number, number][]; // [floors, weight]
  unitsPerFloor: [number, number];
  occupancy: number;
  householdSize: [number, number][]; // [persons, weight]
  propertyCompanies: number;
  // households per grid volunteer, from the seeds: 160,000 / 689, / 2,753, / 13,752
  householdsPerPianZhang: number;
  householdsPerZuZhang: number;
  householdsPerLinZhang: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  demo: {
    name: 'demo',
    streets: 2,
    communitiesPerStreet: [2, 2],
    estatesPerCommunity: [2, 2],
    buildingsPerEstate: [2, 3],
    entrancesPerBuilding: [1, 2],
    floors: [[6, 1]],
    unitsPerFloor: [2, 2],
    occupancy: 0.9,
    householdSize: [[1, 10], [2, 25], [3, 30], [4, 20], [5, 15]],
    propertyCompanies: 3,
    householdsPerPianZhang: 232,
    householdsPerZuZhang: 58,
    householdsPerLinZhang: 11.6,
  },
  district: {
    name: 'district',
    streets: 12,
    communitiesPerStreet: [7, 9],
    estatesPerCommunity: [5, 9],
    buildingsPerEstate: [2, 10],
    entrancesPerBuilding: [1, 3],
    floors: [[6, 45], [11, 25], [18, 20], [26, 10]],
    unitsPerFloor: [2, 2],
    occupancy: 0.85,
    householdSize: [[1, 10], [2, 25], [3, 30], [4, 20], [5, 15]],
    propertyCompanies: 24,
    householdsPerPianZhang: 232,
    householdsPerZuZhang: 58,
    householdsPerLinZhang: 11.6,
  },
};
