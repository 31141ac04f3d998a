/** "Nothing here" for lists and tables, in a grey that still reads (antd's default does not). */
export function EmptyText({ children }: { readonly children: string }) {
  return (
    <div style={{ color: "rgba(0,0,0,0.65)", padding: "16px 0", textAlign: "center" }}>
      {children}
    </div>
  );
}
