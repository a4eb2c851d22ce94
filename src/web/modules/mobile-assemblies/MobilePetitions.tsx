// Placeholder until the page is built.
export default function MobilePetitions() {
  return null;
}
