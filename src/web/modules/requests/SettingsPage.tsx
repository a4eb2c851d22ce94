// Placeholder: this page is being built.
export default function SettingsPage() {
  return null;
}
