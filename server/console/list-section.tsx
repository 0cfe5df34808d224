import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  testId?: string;
}

/** A titled table of rows, or a sentence saying there are none: every list on the console's front page. */
export function ListSection<T>({
  label,
  heading,
  empty,
  rows,
  rowKey,
  rowTestId,
  columns,
}: {
  label: string;
  heading: string;
  empty: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowTestId?: string;
  columns: readonly Column<T>[];
}) {
  return (
    <section aria-label={label}>
      <h2>{heading}</h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column.header}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)} data-testid={rowTestId}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.className} data-testid={column.testId}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
