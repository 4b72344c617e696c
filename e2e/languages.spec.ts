import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { getDb } from '@/db';
import { totpCredentials, users } from '@/db/schema';
import { sealTotpSecret } from '@/lib/auth/mfa/totp';
import { insertAccessKey } from './api-fixtures';
import { createAccount, latestCode, mailsTo } from './fixtures';
import { createTestProduct } from './gateway-fixtures';

test.describe('a browser that asks for Korean', () => {
  test.use({ locale: 'ko-KR' });

  test('gets the sign-in page in Korean', async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page).toHaveTitle(/^로그인 · AccessKey Console$/);
    await expect(page.getByText('로그인 계정의 이메일과 비밀번호를 입력하세요.')).toBeVisible();
    await expect(page.getByLabel('이메일')).toBeVisible();
    await expect(page.getByLabel('비밀번호')).toBeVisible();

    await page.getByLabel('이메일').fill('nobody@example.test');
    await page.getByLabel('비밀번호').fill('not-the-password');
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await expect(page.getByTestId('form-message')).toHaveText(
      '이메일 또는 비밀번호가 올바르지 않습니다.',
    );
  });
});

test.describe('a browser that asks for Simplified Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('gets the sign-in page in Chinese, and the switch there changes it', async ({
    page,
    context,
  }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByLabel('邮箱')).toBeVisible();
    await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();

    const languages = page.getByRole('navigation', { name: '语言' });
    await languages.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    expect((await context.cookies()).find((cookie) => cookie.name === 'locale')?.value).toBe('en');

    // The page of an unknown address follows the same choice.
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});

const SIGN_IN = {
  'zh-CN': { email: '邮箱', password: '密码', submit: '登录' },
  ko: { email: '이메일', password: '비밀번호', submit: '로그인' },
};

async function signInAs(
  page: Page,
  account: { email: string; password: string },
  language: keyof typeof SIGN_IN = 'zh-CN',
) {
  const labels = SIGN_IN[language];
  await page.goto('/login');
  // The first page tells the server the browser's time zone and refreshes once; sign in after.
  await expect
    .poll(async () => (await page.context().cookies()).some((cookie) => cookie.name === 'tz'))
    .toBe(true);
  await page.waitForLoadState('networkidle');
  await page.getByLabel(labels.email).fill(account.email);
  await page.getByLabel(labels.password).fill(account.password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function chooseLanguage(page: Page, field: string, language: string, saved: string) {
  await page.getByLabel(field).selectOption({ label: language });
  await page.getByRole('button', { name: /^(Save language|언어 저장|保存语言)$/ }).click();
  await expect(page.getByText(saved)).toBeVisible();
}

test.describe('a member whose browser asks for Chinese, in Seoul', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Seoul' });

  test('switches the console to Korean, verifies in Korean, and switches back', async ({
    page,
  }) => {
    const member = await createAccount({ prefix: 'hangul' });
    const { accessKeyId } = await insertAccessKey(member.id, { status: 'disabled' });
    await signInAs(page, member);
    const nav = page.getByRole('navigation', { name: '控制台' });
    await expect(nav.getByRole('link', { name: 'AccessKey 管理' })).toBeVisible();

    // The account's own choice outranks the browser's Accept-Language.
    await nav.getByRole('link', { name: '基本信息' }).click();
    await chooseLanguage(page, '控制台语言', '한국어', '이제 콘솔이 한국어로 표시됩니다.');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    const koreanNav = page.getByRole('navigation', { name: '콘솔' });
    await expect(koreanNav).toContainText('계정 관리');
    await expect(koreanNav).toContainText('API 정보 관리');

    await koreanNav.getByRole('link', { name: 'AccessKey 관리' }).click();
    await expect(page.getByRole('heading', { name: 'AccessKey 관리' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: accessKeyId });
    await expect(row).toContainText('비활성');
    await expect(row).toContainText('사용 기록 없음');
    // Written the Korean way (year first), in the browser's zone: the Activity page names it.
    await expect(row.locator('td[data-label="생성 일시"]')).toContainText(
      /^\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}$/,
    );

    await page.getByRole('button', { name: 'AccessKey 생성' }).click();
    const form = page.getByRole('dialog', { name: 'AccessKey 생성' });
    await expect(form.getByLabel('만료', { exact: true })).toHaveValue('never');
    await expect(form.getByText('IP 허용 목록(선택)')).toBeVisible();
    await form.getByRole('button', { name: '생성', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '이메일 인증' });
    await expect(dialog).toContainText('AccessKey를 생성하려면');
    const before = (await mailsTo(member.email)).length;
    await dialog.getByRole('button', { name: '코드 보내기' }).click();
    await expect(dialog.getByTestId('form-message')).toHaveText(
      `${member.email}(으)로 6자리 코드를 보냈습니다. 코드는 10분 동안 유효합니다.`,
    );
    const code = await latestCode(member.email, before);
    const mail = (await mailsTo(member.email)).at(-1)!;
    expect(mail.subject).toBe('AccessKey Console 인증 코드');
    expect(mail.text).toContain('이 코드는 10분 동안 유효하며 한 번만 사용할 수 있습니다.');
    expect(mail.html).toContain('lang="ko"');

    // A server action's refusal, in Korean.
    await dialog.getByLabel('인증 코드').fill(code === '000000' ? '111111' : '000000');
    await dialog.getByRole('button', { name: '인증', exact: true }).click();
    await expect(dialog.getByTestId('form-message')).toHaveText(
      '인증 코드가 올바르지 않습니다. 4번 더 시도할 수 있습니다.',
    );
    await dialog.getByLabel('인증 코드').fill(code);
    await dialog.getByRole('button', { name: '인증', exact: true }).click();
    const created = page.getByRole('dialog', { name: 'AccessKey가 생성되었습니다' });
    await expect(created.getByLabel('AccessKey Secret', { exact: true })).toBeVisible();
    await created.getByRole('button', { name: '완료' }).click();
    await expect(page.getByText('AccessKey 2/5개')).toBeVisible();

    await koreanNav.getByRole('link', { name: '활동 내역' }).click();
    await expect(page.getByText('(Asia/Seoul)')).toBeVisible();
    await expect(page.getByRole('cell', { name: '언어 변경' })).toBeVisible();

    // Back to English, whatever the browser asks for; then back to following the browser.
    await koreanNav.getByRole('link', { name: '기본 정보' }).click();
    await chooseLanguage(page, '콘솔 언어', 'English', 'The console is now shown in English.');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Console' })).toContainText(
      'Account Management',
    );
    await chooseLanguage(
      page,
      'Console language',
      'Browser language (简体中文)',
      '控制台现在跟随浏览器语言。',
    );
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});

test.describe('products in a Korean browser', () => {
  test.use({ locale: 'ko-KR' });

  test('an administrator registers a product and a member narrows a key to it, in Korean', async ({
    browser,
    page,
  }) => {
    const admin = await createAccount({ role: 'admin', prefix: 'ko-products-admin' });
    await signInAs(page, admin, 'ko');
    // Two entries of the same name: the members' list and the administrators' page.
    await expect(
      page.getByRole('navigation', { name: '콘솔' }).getByRole('link', { name: '제품' }),
    ).toHaveCount(2);
    await page.goto('/admin/products');
    await expect(page.getByRole('heading', { name: '제품', exact: true })).toBeVisible();
    await page.getByRole('button', { name: '제품 등록' }).click();
    const form = page.getByRole('dialog', { name: '제품 등록' });
    const slug = `hangul-${Date.now().toString(36)}`;
    await form.getByLabel('이름', { exact: true }).fill('주문 API');
    await form.getByLabel('슬러그', { exact: true }).fill(slug);
    // A form refusal from the shared product schema, in Korean.
    await form.getByLabel('업스트림 URL').fill('ftp://orders.internal/');
    await form.getByRole('button', { name: '제품 등록' }).click();
    await expect(form.getByTestId('form-message')).toHaveText(
      '업스트림 URL은 http:// 또는 https://로 시작해야 합니다.',
    );
    await form.getByLabel('업스트림 URL').fill('http://127.0.0.1:9/api');
    await form.getByRole('button', { name: '제품 등록' }).click();
    const shown = page.getByRole('dialog', { name: `${slug}의 게이트웨이 서명 시크릿` });
    await expect(shown.getByLabel('서명 시크릿', { exact: true })).toBeVisible();
    await shown.getByRole('button', { name: '완료' }).click();
    await expect(page.getByRole('row').filter({ hasText: slug })).toContainText('30초, 10MiB');

    const member = await createAccount({ prefix: 'ko-products-member' });
    const { accessKeyId } = await insertAccessKey(member.id);
    const memberPage = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
    await signInAs(memberPage, member, 'ko');
    await memberPage.goto('/account/api-information/access-keys');
    const row = memberPage.getByRole('row').filter({ hasText: accessKeyId });
    await expect(row).toContainText('모든 제품');
    await row.getByRole('button', { name: `${accessKeyId}의 호출 가능 제품` }).click();
    const dialog = memberPage.getByRole('dialog', { name: `${accessKeyId}의 호출 가능 제품` });
    await dialog.getByRole('checkbox', { name: new RegExp(slug) }).check();
    await dialog.getByRole('button', { name: '저장' }).click();
    await expect(
      memberPage.getByText(
        `이제 AccessKey ${accessKeyId}(으)로 다음 제품만 호출할 수 있습니다: ${slug}`,
      ),
    ).toBeVisible();
    await expect(row).toContainText('주문 API');

    await memberPage.goto('/account/api-information/products');
    await expect(memberPage.getByRole('heading', { name: '제품', exact: true })).toBeVisible();
    await expect(memberPage.getByRole('row').filter({ hasText: '주문 API' })).toContainText(
      `/gateway/${slug}/`,
    );
  });
});

test.describe('products in a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });

  test('a member reads the products and the Create AccessKey menu in Chinese', async ({ page }) => {
    const product = await createTestProduct('zh-menu', 'http://127.0.0.1:9/');
    const member = await createAccount({ prefix: 'zh-products' });
    await signInAs(page, member);
    await page
      .getByRole('navigation', { name: '控制台' })
      .getByRole('link', { name: '产品' })
      .click();
    await expect(page.getByRole('heading', { name: '产品', exact: true })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: '网关 URL' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: product.slug })).toBeVisible();

    await page.goto('/account/api-information/access-keys');
    await page.getByRole('button', { name: /^新 AccessKey 可调用的产品：全部产品$/ }).click();
    await page.getByRole('menuitemcheckbox', { name: product.name }).click();
    await page.keyboard.press('Escape');
    await expect(
      page.getByRole('button', { name: `新 AccessKey 可调用的产品：${product.name}` }),
    ).toBeVisible();
  });
});

/** A six-digit code that is none of the ones the console would accept around now. */
async function wrongCode(secret: string) {
  const step = Math.floor(Date.now() / 30_000);
  const valid = await Promise.all(
    [-1, 0, 1, 2].map((offset) => generate({ secret, epoch: (step + offset) * 30 })),
  );
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, '0');
    if (!valid.includes(code)) return code;
  }
}

test.describe('an account that chose Korean, with two-step verification, in an English browser', () => {
  test('gets the second sign-in step in Korean; the switch under the card still works', async ({
    page,
  }) => {
    test.slow();
    const secret = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
    const account = await createAccount({ prefix: 'hangul-mfa' });
    await getDb().update(users).set({ locale: 'ko' }).where(eq(users.id, account.id));
    await getDb()
      .insert(totpCredentials)
      .values({
        userId: account.id,
        secretCiphertext: sealTotpSecret(secret, account.id),
        confirmedAt: new Date(),
      });

    // The password step answers in the browser's language: it knows no account yet.
    await page.goto('/login');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect(page).toHaveURL(/\/login\/verify$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page).toHaveTitle(/^2단계 인증 · AccessKey Console$/);
    await expect(
      page.getByText('비밀번호가 확인되었습니다. 두 번째 인증 수단으로 본인임을 확인하세요.'),
    ).toBeVisible();
    await page.getByLabel('인증 앱 코드').fill(await wrongCode(secret));
    await page.getByRole('button', { name: '인증', exact: true }).click();
    await expect(page.getByTestId('form-message')).toHaveText(
      '입력한 코드가 올바르지 않습니다. 다시 시도하세요.',
    );
    await expect(page.getByRole('button', { name: '복구 코드 사용' })).toBeVisible();

    // A choice made on this browser outranks the account's, as on the sign-in page.
    await page
      .getByRole('navigation', { name: '언어' })
      .getByRole('button', { name: '简体中文' })
      .click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await page.getByLabel('安全码').fill(await generate({ secret }));
    await page.getByRole('button', { name: '验证', exact: true }).click();
    // Signed in, the account's own choice rules again.
    await expect(page.getByRole('heading', { name: 'AccessKey 관리' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  });
});
