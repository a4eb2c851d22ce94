// Placeholder until the page is built.
export default function AssembliesPage() {
  return null;
}
