import Image from 'next/image';

/** The console's mark (public/logo.svg), shown beside the name "AccessKey Console". */
export function Logo() {
  return <Image src="/logo.svg" alt="" width={24} height={24} loading="eager" className="size-6" />;
}
