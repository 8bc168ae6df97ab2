import type { EditDefinition } from './editable';
import { findItem } from './operations';
import type { ProblemTarget } from './problems';

/**
 * Element ids of the designer's fields. One place for them, so that a problem's link, the focus after adding an
 * entry, and the fields themselves agree.
 */
export const ids = {
  item: (uid: string) => `item-${uid}`,
  itemToggle: (uid: string) => `item-${uid}-toggle`,
  itemEditor: (uid: string) => `item-${uid}-editor`,
  itemField: (uid: string, field: string) => `item-${uid}-${field}`,
  option: (itemUid: string, optionUid: string, field: string) =>
    `item-${itemUid}-option-${optionUid}-${field}`,
  section: (uid: string) => `section-${uid}`,
  sectionHeading: (uid: string) => `section-${uid}-heading`,
  sectionField: (uid: string, field: string) => `section-${uid}-${field}`,
  construct: (uid: string, field: string) => `construct-${uid}-${field}`,
  scale: (uid: string, field: string) => `scale-${uid}-${field}`,
  point: (scaleUid: string, pointUid: string, field: string) =>
    `scale-${scaleUid}-point-${pointUid}-${field}`,
  addSection: 'designer-add-section',
  addConstruct: 'designer-add-construct',
  constructsHeading: 'designer-constructs-heading',
  scalesHeading: 'designer-scales-heading',
  sectionsHeading: 'designer-sections-heading',
};

const indexed = /^([a-zA-Z]+)\[(\d+)\]\.?(.*)$/;

/** The field to focus for a problem, and whether it is inside an item's editor (which must be open). */
export function problemAnchor(
  target: ProblemTarget,
  definition: EditDefinition,
): { id: string; itemUid?: string } {
  switch (target.kind) {
    case 'item': {
      const item = findItem(definition, target.uid)?.item;
      const uid = target.uid;
      const [head = ''] = target.field.split(/[.[]/);
      const match = indexed.exec(target.field);
      let id = ids.itemToggle(uid);
      switch (head) {
        case 'key':
        case 'type':
        case 'construct':
        case 'scale':
        case 'min':
        case 'max':
          id = ids.itemField(uid, head);
          break;
        case 'maxLength':
          id = ids.itemField(uid, 'maxlength');
          break;
        case 'required':
          id = ids.itemField(uid, 'required');
          break;
        case 'reverseScored':
          id = ids.itemField(uid, 'reverse');
          break;
        case 'roles':
          id = ids.itemField(uid, 'roles-SERVICE_USER');
          break;
        case 'prompt':
          id = ids.itemField(uid, 'prompt-nb');
          break;
        case 'help':
          id = ids.itemField(uid, 'help-nb');
          break;
        case 'promptByRole': {
          const wording = match ? item?.promptByRole[Number(match[2])] : item?.promptByRole[0];
          id = wording ? ids.itemField(uid, `wording-${wording.role}-nb`) : ids.itemField(uid, 'prompt-nb');
          break;
        }
        case 'options': {
          const option = match ? item?.options[Number(match[2])] : undefined;
          if (option) id = ids.option(uid, option.uid, match?.[3]?.startsWith('label') ? 'nb' : 'key');
          else id = ids.itemField(uid, 'add-option');
          break;
        }
        case 'showIf':
          id = ids.itemField(uid, target.field === 'showIf.item' ? 'showif-item' : 'showif-op');
          if (!item?.showIf) id = ids.itemField(uid, 'showif-on');
          break;
      }
      return { id, itemUid: uid };
    }
    case 'section': {
      const [head = ''] = target.field.split(/[.[]/);
      if (head === 'key') return { id: ids.sectionField(target.uid, 'key') };
      if (head === 'title') return { id: ids.sectionField(target.uid, 'title-nb') };
      if (head === 'items') return { id: ids.sectionField(target.uid, 'new-type') };
      if (head === 'grid') return { id: ids.sectionField(target.uid, 'grid') };
      return { id: ids.sectionHeading(target.uid) };
    }
    case 'construct': {
      const [head = ''] = target.field.split(/[.[]/);
      if (head === 'label' || head === 'description') return { id: ids.construct(target.uid, `${head}-nb`) };
      return { id: ids.construct(target.uid, head === 'kind' ? 'kind' : 'key') };
    }
    case 'scale': {
      const scale = definition.scales.find((candidate) => candidate.uid === target.uid);
      const match = indexed.exec(target.field);
      if (match && match[1] === 'points') {
        const point = scale?.points[Number(match[2])];
        if (point)
          return { id: ids.point(target.uid, point.uid, match[3]?.startsWith('value') ? 'value' : 'nb') };
      }
      if (target.field.startsWith('notApplicable')) return { id: ids.scale(target.uid, 'na-nb') };
      if (target.field.startsWith('points')) return { id: ids.scale(target.uid, 'add-point') };
      return { id: ids.scale(target.uid, 'key') };
    }
    case 'definition':
      return { id: target.field === 'sections' ? ids.addSection : ids.sectionsHeading };
  }
}
