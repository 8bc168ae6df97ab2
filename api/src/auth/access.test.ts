import { describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { projectAccessOf, staffAccessOf, type Grants } from './access.js';

const grants = (isAdmin: boolean, roles: [string, ProjectRole][] = []): Grants => ({
  isAdmin,
  roles: new Map(roles),
});

// These were web/src/access.test.ts while the web kept a copy of the rules; the web now reads `User.access`.
describe('staffAccessOf (User.access)', () => {
  it('lets admins use every page, with or without project roles', () => {
    expect(staffAccessOf(grants(true))).toEqual({ admin: true, researcher: true });
  });

  it('counts a researcher role in any one project as a researcher', () => {
    const viewer = grants(false, [
      ['1', ProjectRole.MANAGER],
      ['2', ProjectRole.RESEARCHER],
    ]);
    expect(staffAccessOf(viewer)).toEqual({ admin: false, researcher: true });
  });

  it('keeps managers and users without roles out of researcher and admin pages', () => {
    expect(staffAccessOf(grants(false, [['1', ProjectRole.MANAGER]]))).toEqual({
      admin: false,
      researcher: false,
    });
    expect(staffAccessOf(grants(false))).toEqual({ admin: false, researcher: false });
  });
});

describe('projectAccessOf (Project.viewerAccess)', () => {
  it('gives raw data to researchers of the project and admins, aggregates to its members too', () => {
    expect(projectAccessOf(grants(false, [['p', ProjectRole.RESEARCHER]]), 'p')).toEqual({
      researcher: true,
      member: true,
    });
    expect(projectAccessOf(grants(false, [['p', ProjectRole.MANAGER]]), 'p')).toEqual({
      researcher: false,
      member: true,
    });
    expect(projectAccessOf(grants(false, [['q', ProjectRole.RESEARCHER]]), 'p')).toEqual({
      researcher: false,
      member: false,
    });
    expect(projectAccessOf(grants(true), 'p')).toEqual({ researcher: true, member: true });
  });
});
