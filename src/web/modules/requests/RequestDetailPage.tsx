// Placeholder: this page is being built.
export default function RequestDetailPage() {
  return null;
}
