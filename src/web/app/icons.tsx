// Menu icon names sent by the server → antd icons.
import type { ComponentType } from 'react';
import {
  AppstoreOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  HomeOutlined,
  TeamOutlined,
  UserOutlined,
  FileTextOutlined,
  SettingOutlined,
  CalendarOutlined,
  MessageOutlined,
  FlagOutlined,
  PieChartOutlined,
  SolutionOutlined,
  ToolOutlined,
  NotificationOutlined,
  CheckSquareOutlined,
  HeartOutlined,
  InboxOutlined,
  FundOutlined,
  ApiOutlined,
  FormOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  TrophyOutlined,
} from '@ant-design/icons';

const ICONS: Record<string, ComponentType> = {
  dashboard: DashboardOutlined,
  apartment: ApartmentOutlined,
  team: TeamOutlined,
  user: UserOutlined,
  bank: BankOutlined,
  audit: AuditOutlined,
  home: HomeOutlined,
  file: FileTextOutlined,
  setting: SettingOutlined,
  calendar: CalendarOutlined,
  message: MessageOutlined,
  flag: FlagOutlined,
  chart: PieChartOutlined,
  solution: SolutionOutlined,
  tool: ToolOutlined,
  notification: NotificationOutlined,
  vote: CheckSquareOutlined,
  heart: HeartOutlined,
  inbox: InboxOutlined,
  fund: FundOutlined,
  api: ApiOutlined,
  form: FormOutlined,
  profile: ProfileOutlined,
  schedule: ScheduleOutlined,
  trophy: TrophyOutlined,
};

export function MenuIcon({ name }: { name?: string }) {
  const Icon = (name && ICONS[name]) || AppstoreOutlined;
  return <Icon />;
}
