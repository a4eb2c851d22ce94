// Placeholder: this page is being built.
export default function DashboardPage() {
  return null;
}
