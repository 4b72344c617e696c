'use client';

import { useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { EXPIRY_DAYS } from '@/lib/access-keys/limits';
import { createAccessKeyAction, type SecretPair } from './actions';
import { fieldClass, KeyFields } from './key-fields';
import { useVerifiedAction } from './use-verified-action';

const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' `days` after the UTC day `day`. */
function addDays(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The Create dialog: name, description, expiry and IP allow-list, then the email verification when
 * the session has none. Under a maximum lifetime only the choices within it are offered (the server
 * refuses the others anyway).
 */
export function CreateAccessKeyDialog({
  email,
  maxLifetimeDays,
  today,
  onClose,
  onCreated,
}: {
  email: string;
  maxLifetimeDays: number | null;
  today: string;
  onClose: () => void;
  onCreated: (pair: SecretPair) => void;
}) {
  const days = EXPIRY_DAYS.filter((count) => maxLifetimeDays === null || count <= maxLifetimeDays);
  const [expiresIn, setExpiresIn] = useState(
    maxLifetimeDays === null ? 'never' : days.length > 0 ? String(days.at(-1)) : 'date',
  );
  const latestDay = maxLifetimeDays === null ? undefined : addDays(today, maxLifetimeDays);
  const { dispatch, pending, verifyDialog } = useVerifiedAction(createAccessKeyAction, {
    email,
    purpose: 'create an AccessKey',
    onKey: onCreated,
  });
  return (
    <>
      <Dialog open onOpenChange={(open) => !open && onClose()}>
        <DialogContent className="sm:max-w-lg">
          <DialogHeader>
            <DialogTitle>Create AccessKey</DialogTitle>
            <DialogDescription>
              Name the key after the program that will use it, choose when it expires, and limit
              where it may be used from. Only the name, description and allow-list can be changed
              later.
            </DialogDescription>
          </DialogHeader>
          <form action={dispatch} className="grid gap-4">
            <KeyFields />
            <div className="grid gap-2">
              <Label htmlFor="key-expires-in">Expires</Label>
              <select
                id="key-expires-in"
                name="expiresIn"
                value={expiresIn}
                onChange={(event) => setExpiresIn(event.target.value)}
                aria-describedby="key-expiry-help"
                className={`${fieldClass} h-9 py-0`}
              >
                {maxLifetimeDays === null && <option value="never">Never</option>}
                {days.map((count) => (
                  <option key={count} value={String(count)}>
                    In {count} days
                  </option>
                ))}
                <option value="date">On a date…</option>
              </select>
              {expiresIn === 'date' && (
                <>
                  <Label htmlFor="key-expires-on" className="sr-only">
                    Expiry date
                  </Label>
                  <Input
                    id="key-expires-on"
                    name="expiresOn"
                    type="date"
                    required
                    min={today}
                    max={latestDay}
                    aria-describedby="key-expiry-help"
                  />
                </>
              )}
              <p id="key-expiry-help" className="text-muted-foreground text-xs">
                A lifetime counts from now; a date ends at midnight UTC. You are mailed 7 days and 1
                day before the key expires.
                {maxLifetimeDays !== null &&
                  ` An administrator allows at most ${maxLifetimeDays} days.`}
              </p>
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <SubmitButton pending={pending} pendingText="Creating…">
                Create
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {verifyDialog}
    </>
  );
}
