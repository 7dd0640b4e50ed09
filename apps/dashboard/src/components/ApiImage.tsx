import { useEffect, useRef, useState } from 'react';
import { apiObjectUrl, errorMessage } from '../api/http';

interface Props {
  url: string | null;
  alt: string;
  /** Why there is no image yet (e.g. "pending"), shown instead of it. */
  missing: string;
  className?: string;
}

/**
 * An image from the API. It needs the key, which an <img src> cannot send, so it is fetched once it
 * scrolls into view and shown from an object URL (released on unmount).
 */
export function ApiImage({ url, alt, missing, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [src, setSrc] = useState<string>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(([entry]) => entry?.isIntersecting && setVisible(true), { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!visible || !url) return;
    let objectUrl: string | undefined;
    let cancelled = false;
    apiObjectUrl(url).then(
      (created) => {
        objectUrl = created;
        if (cancelled) URL.revokeObjectURL(created);
        else setSrc(created);
      },
      (error: unknown) => !cancelled && setFailure(errorMessage(error)),
    );
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [visible, url]);

  return (
    <div ref={ref} className={`image ${className ?? ''}`}>
      {src ? <img src={src} alt={alt} /> : <span className="image__placeholder">{url ? (failure ?? 'loading…') : missing}</span>}
    </div>
  );
}
