import { redirect } from 'next/navigation';

export default function Home() {
  redirect('/account/api-information/access-keys');
}
