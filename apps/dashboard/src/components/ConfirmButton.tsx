import { useState, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** The question, e.g. "Delete library Photos?" */
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}

/** A button that asks once more, inline, before it acts. */
export function ConfirmButton({ children, question, onConfirm, disabled, danger }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'danger' : undefined} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className="danger" onClick={() => (setAsking(false), onConfirm())}>
        Yes
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}
