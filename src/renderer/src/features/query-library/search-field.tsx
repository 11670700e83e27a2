/** A search box for one of the library's lists; the label is for screen readers, the icon says it to eyes. */
import { SearchIcon } from './icons';

export function SearchField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="qlib-search">
      <SearchIcon size={14} className="qlib-search__icon" />
      <input
        type="search"
        className="input qlib-search__input"
        aria-label={label}
        placeholder={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
