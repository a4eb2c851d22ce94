// Placeholder until the page is built.
export default function MobilePetition() {
  return null;
}
