// Being built: the menu entry shows that the page is coming.
import { ComingSoon } from '../../app/NotFound';

export default function PartyMembersPage() {
  return <ComingSoon name="PartyMembersPage" />;
}
