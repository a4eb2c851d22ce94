// Placeholder until the page is built.
export default function AssemblyDetailPage() {
  return null;
}
