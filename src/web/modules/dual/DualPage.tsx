// Being built: the menu entry shows that the page is coming.
import { ComingSoon } from '../../app/NotFound';

export default function DualPage() {
  return <ComingSoon name="DualPage" />;
}
