// Placeholder until the page is built.
export default function CommitteesPage() {
  return null;
}
