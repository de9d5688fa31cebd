/** One entry of an RSS or Atom feed. */
export interface FeedItem {
  /** Stable and unique: the RSS guid, the Atom entry id (an IRI, e.g. `urn:...`). */
  id: string;
  title: string;
  /** Plain text (rendered escaped, never as HTML). */
  description: string;
  /** Absolute URL of the item, if it has one. */
  link?: string;
  /** Epoch milliseconds. */
  published: number;
  updated: number;
  categories?: readonly string[];
}

export interface Feed {
  /** Atom feed id: an IRI stable for this feed. */
  id: string;
  title: string;
  description: string;
  /** Absolute URL of the feed itself. */
  selfLink: string;
  /** Absolute URL of what the feed is about (RSS channel link). */
  link: string;
  /** Epoch milliseconds of the latest change. */
  updated: number;
  author: string;
  items: readonly FeedItem[];
}
