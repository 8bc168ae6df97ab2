import { describe, expect, it } from 'vitest';
import { canAccess } from './access';

const project = (id: string) => ({ id, name: `Prosjekt ${id}` });

describe('canAccess', () => {
  it('lets admins use every page, with or without project roles', () => {
    const admin = { isAdmin: true, memberships: [] };
    expect(canAccess(admin, 'admin')).toBe(true);
    expect(canAccess(admin, 'researcher')).toBe(true);
  });

  it('counts a researcher role in any one project as a researcher', () => {
    const viewer = {
      isAdmin: false,
      memberships: [
        { id: 'm1', role: 'MANAGER' as const, project: project('1') },
        { id: 'm2', role: 'RESEARCHER' as const, project: project('2') },
      ],
    };
    expect(canAccess(viewer, 'researcher')).toBe(true);
    expect(canAccess(viewer, 'admin')).toBe(false);
  });

  it('keeps managers and users without roles out of researcher and admin pages', () => {
    const manager = {
      isAdmin: false,
      memberships: [{ id: 'm1', role: 'MANAGER' as const, project: project('1') }],
    };
    expect(canAccess(manager, 'researcher')).toBe(false);
    expect(canAccess(manager, 'admin')).toBe(false);
    expect(canAccess({ isAdmin: false, memberships: [] }, 'researcher')).toBe(false);
  });
});
