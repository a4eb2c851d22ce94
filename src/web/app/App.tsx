// Providers: antd (theme, locale following the language), TanStack Query, the router.
import { useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, setUnauthorizedHandler } from '../api/client';
import { router } from './router';
import { ME_KEY } from './session';

const theme: ThemeConfig = {
  token: { colorPrimary: '#c0161d', colorLink: '#b3141b', borderRadius: 6, fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', Roboto, sans-serif" },
  components: {
    Layout: { siderBg: '#1f2126', headerBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56, bodyBg: '#f4f5f7' },
    Menu: { darkItemBg: '#1f2126', darkSubMenuItemBg: '#17181c', darkItemSelectedBg: '#c0161d' },
  },
};

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // a 4xx will not get better by asking again
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

export function App() {
  const { i18n } = useTranslation();
  const [qc] = useState(makeQueryClient);

  useEffect(() => {
    setUnauthorizedHandler((error) => {
      const { pathname, search } = window.location;
      if (pathname === '/login') return;
      qc.removeQueries({ queryKey: ME_KEY });
      const expired = error.code === 'SESSION_EXPIRED' ? 'expired=1&' : '';
      void router.navigate(`/login?${expired}next=${encodeURIComponent(pathname + search)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [qc]);

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={qc}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
