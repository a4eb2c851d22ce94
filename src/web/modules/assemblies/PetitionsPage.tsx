// Placeholder until the page is built.
export default function PetitionsPage() {
  return null;
}
