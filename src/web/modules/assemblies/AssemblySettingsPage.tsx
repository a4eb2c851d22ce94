// Placeholder until the page is built.
export default function AssemblySettingsPage() {
  return null;
}
