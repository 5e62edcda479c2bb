import Link from 'next/link';
import { NavLink } from './nav-link';

export function SiteHeader() {
  return (
    <header className="border-line bg-surface-muted border-b">
      <div className="mx-auto flex h-12 w-full max-w-[96rem] items-center gap-4 px-3 sm:gap-6 sm:px-5">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="size-6">
            <rect width="32" height="32" rx="7" className="fill-accent" />
            <path
              d="M9 17l5 5 9-12"
              className="stroke-surface"
              strokeWidth="3.5"
              fill="none"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span className="whitespace-nowrap">
            CraftedSignal<span className="text-fg-muted hidden font-normal sm:inline"> briefs</span>
          </span>
        </Link>
        <nav aria-label="Main" className="min-w-0 text-sm">
          <ul className="flex gap-2 whitespace-nowrap sm:gap-4">
            <li>
              <NavLink href="/">Briefs</NavLink>
            </li>
            <li>
              <NavLink href="/attack">
                ATT&amp;CK<span className="hidden sm:inline"> matrix</span>
              </NavLink>
            </li>
            <li>
              <NavLink href="/trends">Trends</NavLink>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
