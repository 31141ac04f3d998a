/**
 * Form fields the report form and the visit form share: the nine situations as plain-word
 * checkboxes (at least one), and a checkbox that is a field of its own.
 */
import { HARM_CATEGORIES } from "@cp/domain/categories";
import { Checkbox, Form, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Name = string | (string | number)[];

/** The situations in plain words, at least one ticked; with `legalNames`, the law's name beneath. */
export function CategoriesField({
  name,
  label,
  legalNames,
}: {
  readonly name: Name;
  readonly label: string;
  readonly legalNames?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      // A validator, not `required`: antd would put aria-required on the group's div.
      rules={[
        {
          validator: (_, v?: string[]) =>
            v && v.length > 0
              ? Promise.resolve()
              : Promise.reject(new Error(t("validation.categories"))),
        },
      ]}
    >
      <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 4 }}>
        {HARM_CATEGORIES.map((c) =>
          legalNames ? (
            <Checkbox key={c} value={c} data-testid={`category-${c}`}>
              <span>{t(`categoryPlain.${c}`)}</span>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t(`category.${c}`)}
              </Typography.Text>
            </Checkbox>
          ) : (
            <Checkbox key={c} value={c}>
              {t(`categoryPlain.${c}`)}
            </Checkbox>
          ),
        )}
      </Checkbox.Group>
    </Form.Item>
  );
}

/** A yes/no field shown as one checkbox with its words. */
export function TickField({
  name,
  children,
}: {
  readonly name: Name;
  readonly children: ReactNode;
}) {
  return (
    <Form.Item name={name} valuePropName="checked">
      <Checkbox>{children}</Checkbox>
    </Form.Item>
  );
}
