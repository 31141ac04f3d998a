/**
 * A titled box that looks exactly like antd's Card (it uses Card's own styles), without what Card
 * imports for features these pages never use: tabs (with their menu and dropdown) and the loading
 * skeleton, about 25 KB compressed that the sign-in page and the report form would otherwise fetch
 * on a slow link.
 */
import { ConfigProvider } from "antd";
import useCardStyle from "antd/es/card/style/index.js";
import { type CSSProperties, type HTMLAttributes, type ReactNode, useContext } from "react";

export interface PanelProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  readonly title?: ReactNode;
  /** Beside the title, at the end of the head (a button, a tag). */
  readonly extra?: ReactNode;
  readonly size?: "small";
  readonly style?: CSSProperties;
  readonly children?: ReactNode;
}

export function Panel({ title, extra, size, className, children, ...rest }: PanelProps) {
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  const prefixCls = getPrefixCls("card");
  const [hashId, cssVarCls] = useCardStyle(prefixCls);
  const classes = [
    prefixCls,
    `${prefixCls}-bordered`,
    size === "small" ? `${prefixCls}-small` : undefined,
    className,
    hashId,
    cssVarCls,
  ];
  return (
    <div {...rest} className={classes.filter(Boolean).join(" ")}>
      {(title || extra) && (
        <div className={`${prefixCls}-head`}>
          <div className={`${prefixCls}-head-wrapper`}>
            {title && <div className={`${prefixCls}-head-title`}>{title}</div>}
            {extra && <div className={`${prefixCls}-extra`}>{extra}</div>}
          </div>
        </div>
      )}
      <div className={`${prefixCls}-body`}>{children}</div>
    </div>
  );
}
