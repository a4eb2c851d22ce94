// Placeholder: this page is being built.
export default function RequestsPage() {
  return null;
}
